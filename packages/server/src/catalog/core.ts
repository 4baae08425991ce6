// Sentences of the connection core and the simple modes (echo, bytes, length, inspect), in
// English and French.

const en = {
  lineTooLong: (max: number) => `Line too long (over ${max} bytes): ignored.`,
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
  /** inspect's console: a chunk's head line, and what its capped dump left out. */
  inspectHead: (id: number, size: number) =>
    `client #${id}: ${size} ${size === 1 ? "byte" : "bytes"}`,
  // Why a connection ended, as the console's "disconnected: …" says it.
  reasonClientClosed: "client closed",
  reasonShuttingDown: "server shutting down",
  reasonServerFull: "server full",
  reasonPerAddress: "too many connections from one address",
  reasonQuit: "quit",
  reasonInternal: "internal error",
  reasonClosed: "closed",
  reasonSendQueue: "send queue exceeded",
  reasonLost: (why: string) => `connection lost (${why})`,
  reasonError: (why: string) => `error: ${why}`,
};
export type CoreMessages = typeof en;

const fr: CoreMessages = {
  lineTooLong: (max) => `Ligne trop longue (plus de ${max} octets) : ignorée.`,
  lengthReply: (chars) => `${chars} ${chars <= 1 ? "caractère" : "caractères"}`,
  listening: (mode) => `Serveur socklab ${mode} à l'écoute ; connectez-vous à :`,
  stopHint: "Ctrl-C pour arrêter.",
  connected: (n, peer, online) => `Client n°${n} connecté depuis ${peer} (${online} en ligne)`,
  disconnected: (n, peer, reason) => `Client n°${n} (${peer}) déconnecté : ${reason}`,
  refusedFull: (peer) => `${peer} refusé : serveur plein`,
  stopping: "Arrêt : fermeture de toutes les connexions",
  telnetHere: "[socklab : oui, toujours là]",
  logDropped: (n) =>
    `${n} ${n <= 1 ? "ligne" : "lignes"} du journal ${n <= 1 ? "perdue" : "perdues"} : la console ne suivait pas`,
  logGone: (code) => `la sortie standard a disparu (${code}) : le journal est perdu désormais`,
  fdLimit: (limit, connections) =>
    `trop de fichiers ouverts (ulimit -n ${limit}) : ${connections} connexions en cours, les nouveaux venus sont fermés aussitôt jusqu'à ce que certaines se terminent ; augmentez la limite (ulimit -n 4096) pour plus`,
  inspectHead: (id, size) => `Client n°${id} : ${size} ${size <= 1 ? "octet" : "octets"}`,
  reasonClientClosed: "fermée par le client",
  reasonShuttingDown: "arrêt du serveur",
  reasonServerFull: "serveur plein",
  reasonPerAddress: "trop de connexions depuis une même adresse",
  reasonQuit: "départ",
  reasonInternal: "erreur interne",
  reasonClosed: "fermée",
  reasonSendQueue: "file d'envoi dépassée",
  reasonLost: (why) => `connexion perdue (${why})`,
  reasonError: (why) => `erreur : ${why}`,
};

export const core = { en, fr };
