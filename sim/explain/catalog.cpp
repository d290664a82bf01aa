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

// Keyed "VERB class": the reply's class to that command, in the dialogue's context.
constexpr Entry kRepliesInContext[] = {
    {"MAIL 2", "RFC 5321 §4.1.1.2", "The sender is accepted: the transaction has begun, recipients come next.",
     "L'expéditeur est accepté : la transaction commence, les destinataires suivent."},
    {"MAIL 4", "RFC 5321 §4.1.1.2", "The sender is refused for now: no transaction; the client may try again later.",
     "L'expéditeur est refusé pour l'instant : pas de transaction ; le client pourra réessayer plus tard."},
    {"MAIL 5", "RFC 5321 §4.1.1.2", "The sender is refused: no transaction at all, for any recipient.",
     "L'expéditeur est refusé : aucune transaction, pour aucun destinataire."},
    {"RCPT 2", "RFC 5321 §4.1.1.3", "This recipient is accepted; the transaction can go on to DATA.",
     "Ce destinataire est accepté ; la transaction peut passer à DATA."},
    {"RCPT 4", "RFC 5321 §4.1.1.3",
     "This recipient only is deferred: the others go on; the client keeps the message for it and retries later.",
     "Seul ce destinataire est différé : les autres continuent ; le client garde le message pour lui et réessaie plus tard."},
    {"RCPT 5", "RFC 5321 §4.1.1.3",
     "This recipient only is refused: the transaction goes on for the recipients already accepted; the sender's server "
     "reports this one address in a bounce (DSN).",
     "Seul ce destinataire est refusé : la transaction continue pour les destinataires déjà acceptés ; le serveur de "
     "l'expéditeur signale cette seule adresse dans un avis de non-remise (DSN)."},
    {"DATA 3", "RFC 5321 §4.1.1.4", "Go ahead: the client now sends the message, ending with a line holding a single dot.",
     "Allez-y : le client envoie maintenant le message, terminé par une ligne ne contenant qu'un point."},
    {"DATA 5", "RFC 5321 §4.1.1.4", "DATA is refused (often: no recipient was accepted): the message is not sent.",
     "DATA est refusé (souvent : aucun destinataire accepté) : le message n'est pas envoyé."},
    {". 2", "RFC 5321 §4.1.1.4", "The message is accepted: from now on this server is responsible for it (delivery or bounce).",
     "Le message est accepté : ce serveur en est désormais responsable (remise ou avis de non-remise)."},
    {". 4", "RFC 5321 §4.1.1.4", "The message is refused for now, for every accepted recipient: the client keeps it and retries.",
     "Le message est refusé pour l'instant, pour tous les destinataires acceptés : le client le garde et réessaie."},
    {". 5", "RFC 5321 §4.1.1.4", "The message is refused for every accepted recipient: the sender's server bounces it.",
     "Le message est refusé pour tous les destinataires acceptés : le serveur de l'expéditeur envoie un avis de non-remise."},
    {"BDAT 2", "RFC 3030 §2", "This chunk is received (after LAST: the whole message is accepted).",
     "Ce morceau est reçu (après LAST : le message entier est accepté)."},
    {"BDAT 5", "RFC 3030 §2", "The chunk, and so the message, is refused.", "Le morceau, et donc le message, est refusé."},
    {"AUTH 5", "RFC 4954 §6", "Authentication failed: the session goes on unauthenticated; submission will be refused.",
     "L'authentification a échoué : la session continue sans authentification ; la soumission sera refusée."},
    {"EHLO 5", "RFC 5321 §4.1.4", "EHLO is not understood: the client may fall back to HELO (no extensions).",
     "EHLO n'est pas compris : le client peut se rabattre sur HELO (sans extensions)."},
};

// RFC 3463: class, subject (x.N) and the common details (x.N.M) of enhanced status codes.
constexpr Entry kEnhancedClasses[] = {
    {"2", "RFC 3463 §3.1", "success", "succès"},
    {"4", "RFC 3463 §3.1", "persistent transient failure: may succeed later", "échec temporaire persistant : pourra réussir plus tard"},
    {"5", "RFC 3463 §3.1", "permanent failure: will not succeed as it stands", "échec permanent : ne réussira pas en l'état"},
};

constexpr Entry kEnhancedSubjects[] = {
    {"0", "RFC 3463 §3.2", "other or undefined", "autre ou non défini"},
    {"1", "RFC 3463 §3.2", "addressing (an address is wrong)", "adressage (une adresse est fausse)"},
    {"2", "RFC 3463 §3.2", "the recipient's mailbox", "la boîte du destinataire"},
    {"3", "RFC 3463 §3.2", "the receiving mail system", "le système de messagerie qui reçoit"},
    {"4", "RFC 3463 §3.2", "network and routing", "réseau et routage"},
    {"5", "RFC 3463 §3.2", "the mail delivery protocol", "le protocole de remise"},
    {"6", "RFC 3463 §3.2", "message content or media", "le contenu du message"},
    {"7", "RFC 3463 §3.2", "security or policy", "sécurité ou politique"},
};

constexpr Entry kEnhancedDetails[] = {
    {"0.0", "RFC 3463 §3.3", "no further detail", "pas d'autre précision"},
    {"1.0", "RFC 3463 §3.3", "something about the sender's address", "un problème d'adresse d'expéditeur"},
    {"1.1", "RFC 3463 §3.3", "bad destination mailbox: no such user here", "boîte de destination incorrecte : utilisateur inconnu ici"},
    {"1.2", "RFC 3463 §3.3", "bad destination system: the domain does not exist or takes no mail",
     "système de destination incorrect : le domaine n'existe pas ou ne reçoit pas de courrier"},
    {"1.3", "RFC 3463 §3.3", "bad syntax in the destination address", "syntaxe incorrecte de l'adresse de destination"},
    {"1.5", "RFC 3463 §3.3", "destination address valid", "adresse de destination valide"},
    {"1.7", "RFC 3463 §3.3", "bad syntax in the sender's address", "syntaxe incorrecte de l'adresse d'expéditeur"},
    {"1.8", "RFC 3463 §3.3", "bad sender's system address", "domaine de l'expéditeur incorrect"},
    {"2.1", "RFC 3463 §3.4", "mailbox disabled, not accepting messages", "boîte désactivée, n'accepte pas de messages"},
    {"2.2", "RFC 3463 §3.4", "mailbox full", "boîte pleine"},
    {"2.3", "RFC 3463 §3.4", "message longer than the mailbox accepts", "message plus long que ce que la boîte accepte"},
    {"3.0", "RFC 3463 §3.5", "a problem of the receiving system", "un problème du système qui reçoit"},
    {"3.4", "RFC 3463 §3.5", "message too big for the system", "message trop gros pour le système"},
    {"4.1", "RFC 3463 §3.6", "no answer from the host", "pas de réponse de l'hôte"},
    {"4.2", "RFC 3463 §3.6", "bad connection (dropped)", "connexion défaillante (coupée)"},
    {"4.3", "RFC 3463 §3.6", "directory (DNS) server failure", "panne du serveur d'annuaire (DNS)"},
    {"4.4", "RFC 3463 §3.6", "unable to route: no usable next hop", "routage impossible : pas de prochain saut utilisable"},
    {"4.6", "RFC 3463 §3.6", "routing loop detected", "boucle de routage détectée"},
    {"4.7", "RFC 3463 §3.6", "delivery time expired: the queue gave up", "délai de remise expiré : la file a abandonné"},
    {"5.1", "RFC 3463 §3.7", "invalid command", "commande invalide"},
    {"5.2", "RFC 3463 §3.7", "syntax error", "erreur de syntaxe"},
    {"5.3", "RFC 3463 §3.7", "too many recipients", "trop de destinataires"},
    {"5.4", "RFC 3463 §3.7", "invalid command arguments", "arguments de commande invalides"},
    {"6.0", "RFC 3463 §3.8", "a problem with the content", "un problème de contenu"},
    {"7.0", "RFC 3463 §3.9", "refused by security or policy", "refusé par sécurité ou politique"},
    {"7.1", "RFC 3463 §3.9", "delivery not authorized: message refused (e.g. relaying denied)",
     "remise non autorisée : message refusé (par exemple relais refusé)"},
    {"7.8", "RFC 4954 §6", "authentication credentials invalid", "identifiants d'authentification invalides"},
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

const Entry* reply_to(std::string_view verb, int code) {
  if (code < 200 || code > 599 || verb.empty() || verb.size() > 8) return nullptr;
  std::string key(verb);
  key += ' ';
  key += static_cast<char>('0' + code / 100);
  return find(kRepliesInContext, key);
}

std::optional<EnhancedStatus> enhanced_status(std::string_view line) {
  // "550 5.1.1 text" or "550-5.1.1 text": class.subject.detail, each 1 to 3 digits.
  if (line.size() < 9) return std::nullopt;
  std::string_view rest = line.substr(4);
  const std::size_t end = std::min(rest.find(' '), rest.size());
  const std::string_view code = rest.substr(0, end);
  const std::size_t dot1 = code.find('.'), dot2 = code.find('.', dot1 == code.npos ? 0 : dot1 + 1);
  if (dot1 != 1 || dot2 == code.npos || dot2 == dot1 + 1 || dot2 + 1 == code.size()) return std::nullopt;
  if (!std::all_of(code.begin(), code.end(), [](char c) { return c == '.' || std::isdigit(static_cast<unsigned char>(c)); }))
    return std::nullopt;
  EnhancedStatus s;
  s.code = code;
  s.klass = find(kEnhancedClasses, code.substr(0, 1));
  if (!s.klass) return std::nullopt;
  s.subject = find(kEnhancedSubjects, code.substr(dot1 + 1, dot2 - dot1 - 1));
  s.detail = find(kEnhancedDetails, code.substr(dot1 + 1));
  return s;
}

std::string_view lang_name(Lang lang) { return lang == Lang::Fr ? "fr" : "en"; }

std::optional<Lang> parse_lang(std::string_view text) {
  if (ascii::iequals(text, "fr")) return Lang::Fr;
  if (ascii::iequals(text, "en")) return Lang::En;
  return std::nullopt;
}

}  // namespace mailsim::explain
