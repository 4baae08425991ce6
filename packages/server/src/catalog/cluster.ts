// Sentences of the linked chat (--cluster), in English and French: what the room reads when the
// link to the other servers goes and comes back, /who's server column, the console's lines.

const en = {
  clusterLinkLost:
    "Link to the other rooms lost: the chat goes on here, reconnecting in the background.",
  clusterLinkBack: "Link to the other rooms back.",
  clusterReasonServerLost: (server: string) => `server ${server} lost`,
  clusterReasonServerStopped: (server: string) => `server ${server} stopped`,
  clusterWhoOn: (entry: string, server: string) => `${entry} on ${server}`,
  clusterLogLinked: (url: string, room: string, server: string) =>
    `linked to ${url}, room "${room}", as server ${server}`,
  clusterLogLinkLost: (url: string) => `link to ${url} lost: reconnecting`,
  clusterLogLinkBack: (url: string) => `link to ${url} back`,
  clusterLogDropped: (count: number) =>
    `dropped ${count} malformed ${count === 1 ? "message" : "messages"} from the cluster`,
  clusterLogServerGone: (server: string, members: number) =>
    `server ${server} gone (${members} ${members === 1 ? "member" : "members"} left)`,
  clusterLogConflict: (nick: string) =>
    `${nick} was taken on another server while the link was down: two people share the name`,
};
export type ClusterMessages = typeof en;

const fr: ClusterMessages = {
  clusterLinkLost:
    "Lien avec les autres salles perdu : le chat continue ici, reconnexion en arrière-plan.",
  clusterLinkBack: "Lien avec les autres salles rétabli.",
  clusterReasonServerLost: (server) => `serveur ${server} perdu`,
  clusterReasonServerStopped: (server) => `serveur ${server} arrêté`,
  clusterWhoOn: (entry, server) => `${entry} sur ${server}`,
  clusterLogLinked: (url, room, server) =>
    `relié à ${url}, salon « ${room} », comme serveur ${server}`,
  clusterLogLinkLost: (url) => `lien avec ${url} perdu : reconnexion`,
  clusterLogLinkBack: (url) => `lien avec ${url} rétabli`,
  clusterLogDropped: (count) =>
    `${count} ${count <= 1 ? "message malformé ignoré" : "messages malformés ignorés"} venant du cluster`,
  clusterLogServerGone: (server, members) =>
    `serveur ${server} disparu (${members} ${members <= 1 ? "membre parti" : "membres partis"})`,
  clusterLogConflict: (nick) =>
    `${nick} a été pris sur un autre serveur pendant la coupure : deux personnes portent ce nom`,
};

export const cluster = { en, fr };
