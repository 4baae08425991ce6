// Sentences of the http mode, in English and French: the Hello World page, the error pages a
// browser shows, and the server console's request log.

import { REASONS } from "../http/response.ts";

const en = {
  httpPageTitle: "Hello World",
  httpPageText: "This page was sent by socklab, a TCP server that speaks raw HTTP/1.1.",
  /** The heading of an error page, after its status number (the status line keeps the
   * standard English reason phrase: it is protocol, not prose). */
  // In English the heading is the standard reason phrase the status line carries too.
  httpErrorTitle: (status: number): string => REASONS[status] ?? "Error",
  /** What an error page explains, by status. */
  httpErrorText: (status: number): string =>
    ({
      400: "The request was not valid HTTP/1.1.",
      404: "There is nothing at this address. Try /.",
      405: "This server only answers GET and HEAD.",
      408: "The request took too long to arrive.",
      413: "The request body is too large.",
      431: "The request line and headers are too long.",
      501: "This transfer coding is not supported.",
      503: "The server has as many clients as it accepts: try again in a few seconds.",
      505: "This server speaks HTTP/1.0 and HTTP/1.1 only.",
    })[status] ?? "The request could not be answered.",
  httpRequestLog: (
    id: number,
    peer: string,
    method: string,
    path: string,
    status: number,
    ms: string,
  ) => `client #${id} (${peer}) ${method} ${path} → ${status} in ${ms} ms`,
  httpRefusedLog: (id: number, peer: string, status: number, code: string) =>
    `client #${id} (${peer}) bad request → ${status} (${code})`,
  httpHeaderTimeout: "request head not received in time",
  httpIdleTimeout: "idle",
  httpClientAskedClose: "the request asked to close (Connection: close)",
  httpRefusedReason: (status: number, code: string) => `answered ${status} (${code})`,
};
export type HttpMessages = typeof en;

const fr: HttpMessages = {
  httpPageTitle: "Hello World",
  httpPageText: "Cette page a été envoyée par socklab, un serveur TCP qui parle HTTP/1.1 brut.",
  httpErrorTitle: (status) =>
    ({
      400: "Requête invalide",
      404: "Page introuvable",
      405: "Méthode non autorisée",
      408: "Délai de requête dépassé",
      413: "Contenu trop volumineux",
      431: "En-têtes de requête trop longs",
      501: "Non pris en charge",
      503: "Serveur plein",
      505: "Version HTTP non prise en charge",
    })[status] ?? "Erreur",
  httpErrorText: (status) =>
    ({
      400: "La requête n'est pas du HTTP/1.1 valide.",
      404: "Il n'y a rien à cette adresse. Essayez /.",
      405: "Ce serveur ne répond qu'à GET et HEAD.",
      408: "La requête a mis trop de temps à arriver.",
      413: "Le corps de la requête est trop gros.",
      431: "La ligne de requête et les en-têtes sont trop longs.",
      501: "Ce codage de transfert n'est pas pris en charge.",
      503: "Le serveur a autant de clients qu'il en accepte : réessayez dans quelques secondes.",
      505: "Ce serveur ne parle que HTTP/1.0 et HTTP/1.1.",
    })[status] ?? "La requête n'a pas pu aboutir.",
  httpRequestLog: (id, peer, method, path, status, ms) =>
    `client n°${id} (${peer}) ${method} ${path} → ${status} en ${ms} ms`,
  httpRefusedLog: (id, peer, status, code) =>
    `client n°${id} (${peer}) requête invalide → ${status} (${code})`,
  httpHeaderTimeout: "en-tête de requête non reçu à temps",
  httpIdleTimeout: "inactif",
  httpClientAskedClose: "la requête a demandé la fermeture (Connection: close)",
  httpRefusedReason: (status, code) => `réponse ${status} (${code})`,
};

export const http = { en, fr };
