// Sentences of `--workers N` (packages/server/src/workers/): the usage errors, and what the
// parent's console says about its worker processes, in English and French.

const en = {
  workersTakes: (text: string, max: number) =>
    `--workers takes a number from 1 to ${max} or auto (the machine's cores), not "${text}"`,
  /** chat, game: their state is one room; inspect: its output is one console. */
  workersStateful: (mode: string): string =>
    mode === "inspect"
      ? "--workers is for echo, bytes, length and http: inspect's output is one console, which N processes would interleave"
      : `--workers is for echo, bytes, length and http: ${mode} keeps one room in one process, where everyone sees everyone`,
  workersWith: (flag: string): string =>
    flag === "view"
      ? "--view cannot go with --workers: the class view shows one process's clients"
      : "--record cannot go with --workers: the class record is one SQLite file, kept by one process",
  workersShare: (n: number) => `${n} worker processes share the port (--workers ${n})`,
  workerStarted: (k: number, pid: number) => `worker ${k} started (pid ${pid})`,
  workerDied: (k: number, pid: number, how: string) =>
    `worker ${k} (pid ${pid}) stopped unexpectedly (${how}): starting another`,
  workerSignal: (signal: string) => `killed by ${signal}`,
  workerExitCode: (code: number) => `exit code ${code}`,
  workersCrashLoop: (n: number, seconds: number) =>
    `workers stopped unexpectedly ${n} times in ${seconds} s: stopping the server`,
  workerFailedToStart: (k: number, why: string) => `worker ${k} did not start: ${why}`,
};
export type WorkersMessages = typeof en;

const fr: WorkersMessages = {
  workersTakes: (text, max) =>
    `--workers prend un nombre de 1 à ${max} ou auto (les cœurs de la machine), pas « ${text} »`,
  workersStateful: (mode) =>
    mode === "inspect"
      ? "--workers est pour echo, bytes, length et http : la sortie d'inspect est une seule console, que N processus mélangeraient"
      : `--workers est pour echo, bytes, length et http : ${mode} garde un seul salon dans un seul processus, où chacun voit tout le monde`,
  workersWith: (flag) =>
    flag === "view"
      ? "--view ne va pas avec --workers : la vue de la classe montre les clients d'un seul processus"
      : "--record ne va pas avec --workers : le journal de la classe est un seul fichier SQLite, tenu par un seul processus",
  workersShare: (n) => `${n} processus se partagent le port (--workers ${n})`,
  workerStarted: (k, pid) => `processus ${k} démarré (pid ${pid})`,
  workerDied: (k, pid, how) =>
    `le processus ${k} (pid ${pid}) s'est arrêté sans qu'on le lui demande (${how}) : un autre le remplace`,
  workerSignal: (signal) => `tué par ${signal}`,
  workerExitCode: (code) => `code de sortie ${code}`,
  workersCrashLoop: (n, seconds) =>
    `les processus se sont arrêtés ${n} fois en ${seconds} s : arrêt du serveur`,
  workerFailedToStart: (k, why) => `le processus ${k} n'a pas démarré : ${why}`,
};

export const workers = { en, fr };
