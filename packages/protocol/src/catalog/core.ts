// Sentences of the connection core and the simple modes (echo, bytes, length, inspect), in
// English and French.

const en = {
  serverFull: (max: number) => `Server full (${max} clients): try again later.`,
  serverClosing: "Server is shutting down. Goodbye!",
  lineTooLong: (max: number) => `Line too long (over ${max} bytes): ignored.`,
  lengthWelcome: (n: number) => `Welcome, you are client #${n}`,
  lengthReply: (chars: number) => `${chars} ${chars === 1 ? "character" : "characters"}`,
  listening: (mode: string) => `socklab ${mode} server listening; connect to:`,
  stopHint: "Press Ctrl-C to stop.",
  connected: (n: number, peer: string, online: number) =>
    `client #${n} connected from ${peer} (${online} online)`,
  disconnected: (n: number, peer: string, reason: string) =>
    `client #${n} (${peer}) disconnected: ${reason}`,
  refusedFull: (peer: string) => `refused ${peer}: server full`,
  stopping: "stopping: closing every connection",
  /** Telnet's Are You There (Ctrl-T, or `send ayt` at the telnet> prompt). */
  telnetHere: "[socklab: yes, still here]",
  logDropped: (n: number) =>
    `${n} log ${n === 1 ? "line" : "lines"} dropped: the console did not keep up`,
  logGone: (code: string) => `stdout is gone (${code}): the log is dropped from now on`,
  fdLimit: (limit: number, connections: number) =>
    `too many open files (ulimit -n ${limit}): ${connections} connections held, newcomers are closed at once until some end; raise the limit (ulimit -n 4096) for more`,
};
export type CoreMessages = typeof en;

const fr: CoreMessages = {
  serverFull: (max) => `Serveur plein (${max} clients) : réessayez plus tard.`,
  serverClosing: "Le serveur s'arrête. Au revoir !",
  lineTooLong: (max) => `Ligne trop longue (plus de ${max} octets) : ignorée.`,
  lengthWelcome: (n) => `Bienvenue, vous êtes le client n°${n}`,
  lengthReply: (chars) => `${chars} ${chars <= 1 ? "caractère" : "caractères"}`,
  listening: (mode) => `serveur socklab ${mode} à l'écoute ; connectez-vous à :`,
  stopHint: "Ctrl-C pour arrêter.",
  connected: (n, peer, online) => `client n°${n} connecté depuis ${peer} (${online} en ligne)`,
  disconnected: (n, peer, reason) => `client n°${n} (${peer}) déconnecté : ${reason}`,
  refusedFull: (peer) => `${peer} refusé : serveur plein`,
  stopping: "arrêt : fermeture de toutes les connexions",
  telnetHere: "[socklab : oui, toujours là]",
  logDropped: (n) =>
    `${n} ${n <= 1 ? "ligne" : "lignes"} du journal ${n <= 1 ? "perdue" : "perdues"} : la console ne suivait pas`,
  logGone: (code) => `la sortie standard a disparu (${code}) : le journal est perdu désormais`,
  fdLimit: (limit, connections) =>
    `trop de fichiers ouverts (ulimit -n ${limit}) : ${connections} connexions en cours, les nouveaux venus sont fermés aussitôt jusqu'à ce que certaines se terminent ; augmentez la limite (ulimit -n 4096) pour plus`,
};

export const core = { en, fr };
