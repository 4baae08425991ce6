// Sentences of the UDP side of echo, bytes and inspect (the server console), in English and
// French.

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
/** French takes the singular for 0 too ("0 octet"). */
const pluriel = (n: number, one: string, many: string) => `${n} ${n <= 1 ? one : many}`;

const en = {
  udpListening: (mode: string, tcp: boolean) =>
    tcp
      ? `socklab ${mode} server listening on TCP and UDP (same port number); connect or send to:`
      : `socklab ${mode} server listening on UDP; send datagrams to:`,
  udpNewSender: (peer: string, senders: number) =>
    `UDP sender ${peer} (${plural(senders, "sender", "senders")} in the last minute)`,
  udpFlooding: (peer: string, rate: number) =>
    `UDP sender ${peer} sends more than ${rate} datagrams/s: the excess is dropped and counted`,
  udpReport: (datagrams: number, senders: number, dropped: number) =>
    `UDP, last minute: ${plural(datagrams, "datagram", "datagrams")} from ${plural(senders, "sender", "senders")}, ${dropped} dropped over --udp-rate`,
  udpTruncated: (peer: string, size: number) =>
    `datagram from ${peer} truncated to ${size} bytes by the receive buffer (the rest is lost: UDP never splits a datagram)`,
  udpSendRefused: (count: number) =>
    `UDP, last minute: ${plural(count, "reply", "replies")} dropped because the kernel's send buffer was full (UDP may lose datagrams; none is sent again)`,
  udpTooBig: (peer: string, size: number, received: number) =>
    `reply to ${peer} not sent: ${size} bytes for ${received} received (a reply is never larger than its datagram)`,
  udpPrivileged: (peer: string) =>
    `UDP sender ${peer} is a service port (below 1024): not answered, so two servers can never bounce datagrams at each other`,
  udpStopping: "stopping: closing the UDP socket (no connection to tell)",
  udpInspectNote:
    "UDP: each datagram is shown alone, exactly as it was sent: UDP keeps message boundaries (on TCP, inspect shows chunks, and sends may merge or split).",
  udpInspectHead: (peer: string, time: string, size: number, fromSender: number) =>
    `datagram from ${peer} ${time} ${plural(size, "byte", "bytes")}, whole (${plural(fromSender, "datagram", "datagrams")} from this sender, never merged)`,
  udpInspectEmpty: "(empty datagram: valid in UDP, it carries no bytes)",
};
export type UdpMessages = typeof en;

const fr: UdpMessages = {
  udpListening: (mode, tcp) =>
    tcp
      ? `Serveur socklab ${mode} à l'écoute en TCP et en UDP (même numéro de port) ; connectez-vous ou envoyez à :`
      : `Serveur socklab ${mode} à l'écoute en UDP ; envoyez vos datagrammes à :`,
  udpNewSender: (peer, senders) =>
    `Expéditeur UDP ${peer} (${pluriel(senders, "expéditeur", "expéditeurs")} dans la dernière minute)`,
  udpFlooding: (peer, rate) =>
    `L'expéditeur UDP ${peer} envoie plus de ${rate} datagrammes/s : l'excédent est ignoré et compté`,
  udpReport: (datagrams, senders, dropped) =>
    `UDP, dernière minute : ${pluriel(datagrams, "datagramme", "datagrammes")} de ${pluriel(senders, "expéditeur", "expéditeurs")}, ${dropped} ignorés au-delà de --udp-rate`,
  udpTruncated: (peer, size) =>
    `Datagramme de ${peer} tronqué à ${size} octets par le tampon de réception (le reste est perdu : UDP ne coupe jamais un datagramme)`,
  udpSendRefused: (count) =>
    `UDP, dernière minute : ${pluriel(count, "réponse abandonnée", "réponses abandonnées")} car le tampon d'envoi du noyau était plein (UDP peut perdre des datagrammes ; aucun n'est renvoyé)`,
  udpTooBig: (peer, size, received) =>
    `Réponse à ${peer} non envoyée : ${size} octets pour ${received} reçus (une réponse n'est jamais plus grande que son datagramme)`,
  udpPrivileged: (peer) =>
    `L'expéditeur UDP ${peer} est un port de service (sous 1024) : pas de réponse, pour que deux serveurs ne se renvoient jamais des datagrammes`,
  udpStopping: "Arrêt : fermeture de la socket UDP (aucune connexion à prévenir)",
  udpInspectNote:
    "UDP : chaque datagramme est montré seul, tel qu'il a été envoyé : UDP garde les frontières des messages (en TCP, inspect montre des morceaux, et des envois peuvent se fusionner ou se couper).",
  udpInspectHead: (peer, time, size, fromSender) =>
    `Datagramme de ${peer} ${time} ${pluriel(size, "octet", "octets")}, entier (${pluriel(fromSender, "datagramme", "datagrammes")} de cet expéditeur, jamais fusionnés)`,
  udpInspectEmpty: "(datagramme vide : valide en UDP, il ne porte aucun octet)",
};

export const udp = { en, fr };
