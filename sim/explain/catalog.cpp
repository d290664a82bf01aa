#include "explain/catalog.hpp"
#include "core/ascii.hpp"

#include <algorithm>
#include <cctype>
#include <span>

namespace mailsim::explain {
namespace {

constexpr Entry kSmtpCommands[] = {
    {"HELO", "RFC 5321 §4.1.1.1", "Opens the session and names the client host (basic SMTP, no extensions).",
     "Ouvre la session et donne le nom de la machine cliente (SMTP de base, sans extensions)."},
    {"EHLO", "RFC 5321 §4.1.1.1", "Opens an extended session: the server answers with the list of ESMTP extensions it offers.",
     "Ouvre une session étendue : le serveur répond par la liste des extensions ESMTP qu'il propose."},
    {"LHLO", "RFC 2033 §4.1", "LMTP's greeting (instead of EHLO): the delivery agent lists its extensions.",
     "Salutation LMTP (à la place d'EHLO) : l'agent de distribution liste ses extensions."},
    {"MAIL", "RFC 5321 §4.1.1.2", "Starts a transaction and gives the envelope sender (reverse path), where bounces go. It may differ from the From: header.",
     "Commence une transaction et donne l'expéditeur d'enveloppe (chemin de retour), destinataire des rapports d'erreur. Il peut différer de l'en-tête From:."},
    {"RCPT", "RFC 5321 §4.1.1.3", "Adds one envelope recipient. Only these addresses receive the message, whatever To:, Cc: or Bcc: say.",
     "Ajoute un destinataire d'enveloppe. Seules ces adresses reçoivent le message, quoi que disent To:, Cc: ou Bcc:."},
    {"DATA", "RFC 5321 §4.1.1.4", "Asks to send the message itself (header and body). The server answers 354; the content ends with a line holding a single dot.",
     "Demande à envoyer le message lui-même (en-tête et corps). Le serveur répond 354 ; le contenu se termine par une ligne ne contenant qu'un point."},
    {"BDAT", "RFC 3030 §2", "CHUNKING: sends the next chunk of the message with its exact size in octets; LAST marks the final chunk. No dot-stuffing.",
     "CHUNKING : envoie le morceau suivant du message avec sa taille exacte en octets ; LAST marque le dernier. Pas de doublement des points."},
    {"RSET", "RFC 5321 §4.1.1.5", "Abandons the current transaction (sender, recipients, data) without closing the session.",
     "Abandonne la transaction en cours (expéditeur, destinataires, données) sans fermer la session."},
    {"VRFY", "RFC 5321 §4.1.1.6", "Asks whether a mailbox exists. Many servers refuse (252) so as not to help spammers harvest addresses.",
     "Demande si une boîte aux lettres existe. Beaucoup de serveurs refusent (252) pour ne pas aider les spammeurs à récolter des adresses."},
    {"EXPN", "RFC 5321 §4.1.1.7", "Asks for the members of a mailing list; usually disabled for privacy.",
     "Demande les membres d'une liste de diffusion ; généralement désactivé par discrétion."},
    {"HELP", "RFC 5321 §4.1.1.8", "Asks the server for help text.", "Demande un texte d'aide au serveur."},
    {"NOOP", "RFC 5321 §4.1.1.9", "Does nothing; the server answers 250. Keeps a session alive or tests it.",
     "Ne fait rien ; le serveur répond 250. Sert à garder une session vivante ou à la tester."},
    {"QUIT", "RFC 5321 §4.1.1.10", "Ends the session; the server answers 221 and closes the connection.",
     "Termine la session ; le serveur répond 221 et ferme la connexion."},
    {"STARTTLS", "RFC 3207", "Asks to switch the connection to TLS (simulated here); the session then starts again with EHLO.",
     "Demande à passer la connexion en TLS (simulé ici) ; la session recommence ensuite par EHLO."},
    {"AUTH", "RFC 4954", "Authenticates the client (e.g. PLAIN, LOGIN) so the submission server accepts to relay its mail.",
     "Authentifie le client (par exemple PLAIN, LOGIN) pour que le serveur de soumission accepte de relayer son courrier."},
    {"ETRN", "RFC 1985", "Asks a server to flush its queue for a domain now (for sites that connect only from time to time).",
     "Demande à un serveur de vider maintenant sa file pour un domaine (pour les sites connectés par intermittence)."},
    {"TURN", "RFC 821 §4.1.1", "Old command to swap client and server roles; obsolete and unsafe, refused by modern servers.",
     "Ancienne commande pour échanger les rôles client et serveur ; obsolète et dangereuse, refusée par les serveurs modernes."},
    {"SEND", "RFC 821 §4.1.1", "Old command to deliver to a terminal instead of a mailbox; removed from RFC 5321.",
     "Ancienne commande de remise sur un terminal au lieu d'une boîte ; retirée de la RFC 5321."},
};

constexpr Entry kPop3Commands[] = {
    {"USER", "RFC 1939 §7", "Gives the user name; PASS must follow.", "Donne le nom d'utilisateur ; PASS doit suivre."},
    {"PASS", "RFC 1939 §7", "Gives the password in clear text; on success the maildrop is locked for this session.",
     "Donne le mot de passe en clair ; en cas de succès la boîte est verrouillée pour cette session."},
    {"APOP", "RFC 1939 §7", "Logs in with a digest of the greeting's timestamp and a shared secret: the password never travels.",
     "Connexion par un condensé de l'horodatage de la bannière et d'un secret partagé : le mot de passe ne circule pas."},
    {"STAT", "RFC 1939 §5", "Gives the number of messages and their total size.", "Donne le nombre de messages et leur taille totale."},
    {"LIST", "RFC 1939 §5", "Lists the messages with their sizes (or one message's size).",
     "Liste les messages avec leur taille (ou la taille d'un message)."},
    {"RETR", "RFC 1939 §5", "Retrieves a whole message; the answer ends with a line holding a single dot.",
     "Récupère un message entier ; la réponse se termine par une ligne ne contenant qu'un point."},
    {"DELE", "RFC 1939 §5", "Marks a message as deleted; it is really removed only at QUIT.",
     "Marque un message comme supprimé ; il n'est vraiment effacé qu'au QUIT."},
    {"RSET", "RFC 1939 §5", "Unmarks every message marked as deleted in this session.",
     "Annule toutes les marques de suppression de la session."},
    {"NOOP", "RFC 1939 §5", "Does nothing; the server answers +OK.", "Ne fait rien ; le serveur répond +OK."},
    {"LAST", "RFC 1460 (removed in RFC 1725)", "Old command giving the highest message number accessed; no longer part of POP3.",
     "Ancienne commande donnant le plus grand numéro de message consulté ; ne fait plus partie de POP3."},
    {"TOP", "RFC 1939 §7", "Retrieves a message's header and its first n body lines.",
     "Récupère l'en-tête d'un message et les n premières lignes de son corps."},
    {"UIDL", "RFC 1939 §7", "Gives each message's unique, persistent identifier.",
     "Donne l'identifiant unique et persistant de chaque message."},
    {"CAPA", "RFC 2449", "Lists the server's capabilities.", "Liste les capacités du serveur."},
    {"QUIT", "RFC 1939 §6", "Ends the session and applies the deletions (UPDATE state).",
     "Termine la session et applique les suppressions (état UPDATE)."},
};

constexpr Entry kImapCommands[] = {
    {"CAPABILITY", "RFC 3501 §6.1.1", "Lists what the server supports.", "Liste ce que le serveur sait faire."},
    {"NOOP", "RFC 3501 §6.1.2", "Does nothing, but lets the server report news (new messages, flags).",
     "Ne fait rien, mais permet au serveur d'annoncer les nouveautés (nouveaux messages, drapeaux)."},
    {"LOGOUT", "RFC 3501 §6.1.3", "Ends the session.", "Termine la session."},
    {"LOGIN", "RFC 3501 §6.2.3", "Authenticates with a user name and a password.", "S'authentifie par un nom et un mot de passe."},
    {"AUTHENTICATE", "RFC 3501 §6.2.2", "Authenticates with a SASL mechanism.", "S'authentifie par un mécanisme SASL."},
    {"STARTTLS", "RFC 3501 §6.2.1", "Switches the connection to TLS (simulated here).", "Passe la connexion en TLS (simulé ici)."},
    {"SELECT", "RFC 3501 §6.3.1", "Opens a folder read-write; the server reports how many messages it holds.",
     "Ouvre un dossier en lecture-écriture ; le serveur indique combien de messages il contient."},
    {"EXAMINE", "RFC 3501 §6.3.2", "Opens a folder read-only.", "Ouvre un dossier en lecture seule."},
    {"CREATE", "RFC 3501 §6.3.3", "Creates a folder.", "Crée un dossier."},
    {"DELETE", "RFC 3501 §6.3.4", "Deletes a folder.", "Supprime un dossier."},
    {"RENAME", "RFC 3501 §6.3.5", "Renames a folder.", "Renomme un dossier."},
    {"SUBSCRIBE", "RFC 3501 §6.3.6", "Adds a folder to the subscribed list.", "Ajoute un dossier à la liste des abonnements."},
    {"UNSUBSCRIBE", "RFC 3501 §6.3.7", "Removes a folder from the subscribed list.", "Retire un dossier de la liste des abonnements."},
    {"LIST", "RFC 3501 §6.3.8", "Lists folders matching a pattern.", "Liste les dossiers qui correspondent à un motif."},
    {"LSUB", "RFC 3501 §6.3.9", "Lists subscribed folders.", "Liste les dossiers abonnés."},
    {"STATUS", "RFC 3501 §6.3.10", "Gives a folder's counters without selecting it.", "Donne les compteurs d'un dossier sans le sélectionner."},
    {"APPEND", "RFC 3501 §6.3.11", "Adds a message to a folder (e.g. a copy in Sent).",
     "Ajoute un message à un dossier (par exemple une copie dans Envoyés)."},
    {"CHECK", "RFC 3501 §6.4.1", "Asks for a checkpoint of the selected folder.", "Demande un point de contrôle du dossier sélectionné."},
    {"CLOSE", "RFC 3501 §6.4.2", "Closes the folder and removes messages flagged \\Deleted.",
     "Ferme le dossier et efface les messages marqués \\Deleted."},
    {"EXPUNGE", "RFC 3501 §6.4.3", "Removes the messages flagged \\Deleted now.", "Efface dès maintenant les messages marqués \\Deleted."},
    {"SEARCH", "RFC 3501 §6.4.4", "Finds messages by criteria; the mail stays on the server.",
     "Cherche des messages selon des critères ; le courrier reste sur le serveur."},
    {"FETCH", "RFC 3501 §6.4.5", "Reads parts of messages (flags, header, body, structure).",
     "Lit des parties de messages (drapeaux, en-tête, corps, structure)."},
    {"STORE", "RFC 3501 §6.4.6", "Changes message flags (\\Seen, \\Deleted …); other clients see the change.",
     "Modifie les drapeaux de messages (\\Seen, \\Deleted …) ; les autres clients voient le changement."},
    {"COPY", "RFC 3501 §6.4.7", "Copies messages to another folder.", "Copie des messages dans un autre dossier."},
    {"UID", "RFC 3501 §6.4.8", "Runs FETCH, SEARCH, STORE or COPY with unique identifiers instead of sequence numbers.",
     "Exécute FETCH, SEARCH, STORE ou COPY avec des identifiants uniques au lieu des numéros de séquence."},
    {"IDLE", "RFC 2177", "Waits for the server to push news about the folder.", "Attend que le serveur signale les nouveautés du dossier."},
};

constexpr Entry kSmtpReplies[] = {
    {"211", "RFC 5321 §4.2.3", "System status or help reply.", "État du système ou réponse d'aide."},
    {"214", "RFC 5321 §4.2.3", "Help message for a human reader.", "Message d'aide destiné à un humain."},
    {"220", "RFC 5321 §4.2.3", "Service ready: the server's greeting.", "Service prêt : la bannière d'accueil du serveur."},
    {"221", "RFC 5321 §4.2.3", "Service closing the connection (after QUIT).", "Le service ferme la connexion (après QUIT)."},
    {"235", "RFC 4954 §6", "Authentication succeeded.", "Authentification réussie."},
    {"250", "RFC 5321 §4.2.3", "Requested action done: the command succeeded.", "Action demandée effectuée : la commande a réussi."},
    {"251", "RFC 5321 §4.2.3", "User not local; the server will forward the message.", "Utilisateur non local ; le serveur fera suivre le message."},
    {"252", "RFC 5321 §4.2.3", "Cannot verify the user, but will accept the message and try.",
     "Impossible de vérifier l'utilisateur, mais le message sera accepté et tenté."},
    {"334", "RFC 4954 §4", "Authentication challenge: the client must send the next piece (base64).",
     "Défi d'authentification : le client doit envoyer l'élément suivant (en base64)."},
    {"354", "RFC 5321 §4.2.3", "Start the message input; end it with a line holding a single dot.",
     "Commencez la saisie du message ; terminez par une ligne ne contenant qu'un point."},
    {"421", "RFC 5321 §4.2.3", "Service not available, closing the connection: try again later.",
     "Service indisponible, fermeture de la connexion : réessayez plus tard."},
    {"450", "RFC 5321 §4.2.3", "Mailbox unavailable for now (busy, or greylisting): the sender keeps the message and retries.",
     "Boîte momentanément indisponible (occupée, ou liste grise) : l'expéditeur garde le message et réessaie."},
    {"451", "RFC 5321 §4.2.3", "Local error while processing: a temporary failure, retry later.",
     "Erreur locale pendant le traitement : échec temporaire, réessayer plus tard."},
    {"452", "RFC 5321 §4.2.3", "Insufficient storage (or too many recipients): temporary, retry later.",
     "Espace de stockage insuffisant (ou trop de destinataires) : temporaire, réessayer plus tard."},
    {"455", "RFC 5321 §4.2.3", "Server cannot accommodate the parameters for now.", "Le serveur ne peut pas accepter ces paramètres pour l'instant."},
    {"500", "RFC 5321 §4.2.3", "Syntax error: command unrecognised (or line too long).", "Erreur de syntaxe : commande inconnue (ou ligne trop longue)."},
    {"501", "RFC 5321 §4.2.3", "Syntax error in the parameters or arguments.", "Erreur de syntaxe dans les paramètres ou arguments."},
    {"502", "RFC 5321 §4.2.3", "Command not implemented by this server.", "Commande non implémentée par ce serveur."},
    {"503", "RFC 5321 §4.2.3", "Bad sequence of commands (e.g. RCPT before MAIL).", "Mauvaise séquence de commandes (par exemple RCPT avant MAIL)."},
    {"504", "RFC 5321 §4.2.3", "Command parameter not implemented.", "Paramètre de commande non implémenté."},
    {"530", "RFC 4954 §6", "Authentication required before this command.", "Authentification requise avant cette commande."},
    {"535", "RFC 4954 §6", "Authentication credentials invalid.", "Identifiants d'authentification invalides."},
    {"550", "RFC 5321 §4.2.3", "Mailbox unavailable (no such user, or relaying denied): a permanent failure, the message bounces.",
     "Boîte indisponible (utilisateur inconnu, ou relais refusé) : échec définitif, le message revient à l'expéditeur."},
    {"551", "RFC 5321 §4.2.3", "User not local; the client should try the given forward path.",
     "Utilisateur non local ; le client doit essayer l'adresse indiquée."},
    {"552", "RFC 5321 §4.2.3", "Exceeded storage allocation (message too big): permanent.",
     "Allocation de stockage dépassée (message trop gros) : définitif."},
    {"553", "RFC 5321 §4.2.3", "Mailbox name not allowed (bad address syntax).", "Nom de boîte non autorisé (syntaxe d'adresse incorrecte)."},
    {"554", "RFC 5321 §4.2.3", "Transaction failed (or no SMTP service here).", "Transaction échouée (ou pas de service SMTP ici)."},
    {"555", "RFC 5321 §4.2.3", "MAIL FROM or RCPT TO parameters not recognised.", "Paramètres de MAIL FROM ou RCPT TO non reconnus."},
};

constexpr Entry kReplyClasses[] = {
    {"2", "RFC 5321 §4.2.1", "2xx: positive completion, the action succeeded.", "2xx : réponse positive, l'action a réussi."},
    {"3", "RFC 5321 §4.2.1", "3xx: positive intermediate, the server waits for more (e.g. the message after DATA).",
     "3xx : réponse intermédiaire, le serveur attend la suite (par exemple le message après DATA)."},
    {"4", "RFC 5321 §4.2.1", "4xx: transient failure, the client keeps the message and tries again later.",
     "4xx : échec temporaire, le client garde le message et réessaie plus tard."},
    {"5", "RFC 5321 §4.2.1", "5xx: permanent failure, retrying is useless; a relay sends a bounce (DSN).",
     "5xx : échec définitif, inutile de réessayer ; un relais renvoie un avis de non-remise (DSN)."},
};

constexpr Entry kPop3Status[] = {
    {"+OK", "RFC 1939 §3", "Positive answer: the command succeeded.", "Réponse positive : la commande a réussi."},
    {"-ERR", "RFC 1939 §3", "Negative answer: the command failed.", "Réponse négative : la commande a échoué."},
};

constexpr Entry kImapStatus[] = {
    {"OK", "RFC 3501 §7.1.1", "The tagged command succeeded.", "La commande étiquetée a réussi."},
    {"NO", "RFC 3501 §7.1.2", "The command failed (e.g. wrong password, no such folder).",
     "La commande a échoué (par exemple mauvais mot de passe, dossier inexistant)."},
    {"BAD", "RFC 3501 §7.1.3", "Protocol error: the command was not understood.", "Erreur de protocole : la commande n'a pas été comprise."},
    {"BYE", "RFC 3501 §7.1.5", "The server is closing the connection.", "Le serveur ferme la connexion."},
    {"PREAUTH", "RFC 3501 §7.1.4", "Greeting of an already authenticated session.", "Bannière d'une session déjà authentifiée."},
};


// The n-th space-separated word of a line (SMTP's "MAIL FROM:" verb stops at the space or colon).
std::string_view word(std::string_view line, int n) {
  std::size_t start = 0;
  for (;;) {
    while (start < line.size() && line[start] == ' ') ++start;
    std::size_t end = start;
    while (end < line.size() && line[end] != ' ' && line[end] != ':') ++end;
    if (n-- == 0) return line.substr(start, end - start);
    if (end >= line.size()) return {};
    start = end + 1;
  }
}

const Entry* find(std::span<const Entry> table, std::string_view key) {
  if (key.empty()) return nullptr;
  for (const auto& e : table)
    if (ascii::iequals(e.key, key)) return &e;
  return nullptr;
}

}  // namespace

const Entry* command(Protocol proto, std::string_view line) {
  switch (proto) {
    case Protocol::Pop3: return find(kPop3Commands, word(line, 0));
    case Protocol::Imap: return find(kImapCommands, word(line, 1));
    case Protocol::Dns:
    case Protocol::None: return nullptr;
    default: return find(kSmtpCommands, word(line, 0));
  }
}

const Entry* reply(int code) {
  if (code < 200 || code > 599) return nullptr;
  const std::string digits = std::to_string(code);
  if (const Entry* e = find(kSmtpReplies, digits)) return e;
  return &kReplyClasses[code / 100 - 2];
}

const Entry* status(Protocol proto, std::string_view line) {
  if (proto == Protocol::Pop3) return find(kPop3Status, word(line, 0));
  if (proto == Protocol::Imap) return find(kImapStatus, word(line, 1));
  return nullptr;
}

std::string_view lang_name(Lang lang) { return lang == Lang::Fr ? "fr" : "en"; }

std::optional<Lang> parse_lang(std::string_view text) {
  if (ascii::iequals(text, "fr")) return Lang::Fr;
  if (ascii::iequals(text, "en")) return Lang::En;
  return std::nullopt;
}

}  // namespace mailsim::explain
