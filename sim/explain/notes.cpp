#include "explain/notes.hpp"

#include <array>
#include <vector>

#include "core/mailbox_change.hpp"

namespace mailsim::explain {

namespace {

struct Phrasing {
  std::string_view en;  // `{}`: a part carried over
  std::string_view fr;  // `{0}` … `{9}`: the parts, in the English order
};

// The sentences of sim/mail, sim/world, sim/net, sim/smtp (policy events) and sim/live.
// A pattern is tried in this order and must cover the whole text: the more specific of
// two that begin alike comes first.
constexpr Phrasing kPhrasings[] = {
    // Queue and relay decisions (sim/mail/relay.cpp, queue.cpp, smtpd.cpp, lmtp.cpp).
    {"queue run: attempt {}", "passage de la file : tentative {0}"},
    {"final delivery for {}: LMTP to {}", "remise finale pour {0} : LMTP vers {1}"},
    {"next hop for {}: smarthost {}", "prochain saut pour {0} : relais (smarthost) {1}"},
    {"MX order for {}: {} (only those better than this host's {})",
     "ordre des MX pour {0} : {1} (seulement ceux qui passent avant la préférence {2} de cet hôte)"},
    {"MX order for {}: {}", "ordre des MX pour {0} : {1}"},
    {"no MX for {}: implicit MX, the domain's own A record",
     "pas de MX pour {0} : MX implicite, l'enregistrement A du domaine lui-même"},
    {"domain {} does not exist (NXDOMAIN): permanent failure",
     "le domaine {0} n'existe pas (NXDOMAIN) : échec définitif"},
    {"domain {} does not exist (NXDOMAIN)", "le domaine {0} n'existe pas (NXDOMAIN)"},
    {"mail for {} loops back to myself: permanent failure",
     "le courrier pour {0} revient vers cet hôte (boucle) : échec définitif"},
    {"mail for {} loops back to myself", "le courrier pour {0} revient vers cet hôte (boucle)"},
    {"temporary failure ({}): trying the next MX", "échec temporaire ({0}) : essai du MX suivant"},
    {"temporary failure ({}): no other MX to try", "échec temporaire ({0}) : plus d'autre MX à essayer"},
    {"queue lifetime ({} s) over after {} attempt(s): giving up",
     "durée de vie en file ({0} s) dépassée après {1} tentative(s) : abandon"},
    {"delivery time expired: {}", "délai de remise dépassé : {0}"},
    {"{}: temporary failure, will retry", "{0} : échec temporaire, nouvel essai plus tard"},
    {"{}: trying the next host", "{0} : essai de l'hôte suivant"},
    {"{}: keeping the message", "{0} : le message reste en file"},
    {"{} does not offer 8BITMIME: the 8-bit body was converted to 7 bits (quoted-printable/base64)",
     "{0} n'annonce pas 8BITMIME : le corps 8 bits a été converti en 7 bits (quoted-printable/base64)"},
    {"<{}>: mailbox over quota ({} of {} octets), refused for this recipient only",
     "<{0}> : boîte aux lettres au-delà du quota ({1} octets pour {2} permis), refusé pour ce destinataire seulement"},
    {"<{}> is a mailing list: {} member(s)", "<{0}> est une liste de diffusion : {1} membre(s)"},
    {"<{}> is forwarded to <{}>", "<{0}> est réexpédié vers <{1}>"},
    {"ETRN {}: {} queued message(s) started now", "ETRN {0} : {1} message(s) en file relancé(s) maintenant"},
    {"reply rule {} ({}) applies ({} of {})", "la règle de réponse {0} ({1}) s'applique ({2} sur {3})"},
    {"reply rule {} ({}) applies", "la règle de réponse {0} ({1}) s'applique"},
    {"submission: {} (Bcc recipients stay hidden)", "soumission : {0} (les destinataires en Bcc restent cachés)"},
    {"submission: the MUA left it out, {}", "soumission : le MUA l'avait omis, {0}"},
    {"removed Bcc: {}", "Bcc retiré : {0}"},
    {"added Date: {}", "Date ajoutée : {0}"},
    {"added Message-ID: {}", "Message-ID ajouté : {0}"},
    // Why an attempt failed (the reasons nested in the sentences above and below).
    {"connection refused by {}", "connexion refusée par {0}"},
    {"connection timed out to {}", "délai de connexion dépassé vers {0}"},
    {"connection closed by the server in state {}", "connexion fermée par le serveur dans l'état {0}"},
    {"connection closed by the server", "connexion fermée par le serveur"},
    {"DNS lookup of {} failed for now ({})", "la recherche DNS de {0} a échoué pour l'instant ({1})"},
    {"<{}> refused by {}: {}", "<{0}> refusé par {1} : {2}"},
    {"no mailbox for {}", "pas de boîte aux lettres pour {0}"},
    {"mailbox of {} over quota", "boîte aux lettres de {0} au-delà du quota"},
    // Bounces (sim/mail/reports.cpp).
    {"<{}> failed ({}); {}", "<{0}> en échec ({1}) ; {2}"},
    {"the reverse-path is <>: a bounce is never bounced, discarded",
     "le chemin de retour est <> : un avis de non-remise n'en provoque jamais un autre, supprimé"},
    {"NOTIFY={}: no DSN sent", "NOTIFY={0} : aucun DSN envoyé"},
    {"to be reported to <{}>", "à signaler à <{0}>"},
    {"DSN ({}) for {} to <{}>, sent with MAIL FROM:<>", "DSN ({0}) pour {1} à <{2}>, envoyé avec MAIL FROM:<>"},
    {"DSN from <> to <{}>", "DSN de <> pour <{0}>"},
    {"failed: {}", "échec : {0}"},
    {"delayed, NOTIFY=DELAY: {}", "retard, NOTIFY=DELAY : {0}"},
    {"delivered, NOTIFY=SUCCESS: <{}>", "distribué, NOTIFY=SUCCESS : <{0}>"},
    {"relayed, NOTIFY=SUCCESS: <{}>", "relayé, NOTIFY=SUCCESS : <{0}>"},
    // Vacation replies (sim/mail/mda_rules.cpp, RFC 3834).
    {"vacation of {}: automatic reply {} to <{}> (RFC 3834)", "répondeur de {0} : réponse automatique {1} à <{2}> (RFC 3834)"},
    {"vacation of {}: no automatic reply, {}", "répondeur de {0} : pas de réponse automatique, {1}"},
    {"the reverse-path is null", "le chemin de retour est vide"},
    {"the sender {} is a mail system or list address", "l'expéditeur {0} est une adresse de système de messagerie ou de liste"},
    {"the message is Auto-Submitted: {}", "le message porte Auto-Submitted: {0}"},
    {"the message has Precedence: {}", "le message porte Precedence: {0}"},
    {"the message comes from a mailing list (List-Id)", "le message vient d'une liste de diffusion (List-Id)"},
    {"the message was filed as spam", "le message a été classé comme spam"},
    {"To and Cc do not name {} (a Bcc copy, a list or an alias)", "To et Cc ne nomment pas {0} (copie en Bcc, liste ou alias)"},
    {"{} already got one at {} s", "{0} en a déjà reçu une à {1} s"},
    // Events of other kinds (sim/mail, sim/net, sim/world).
    {"attempt {} failed ({}); next attempt at {}", "tentative {0} en échec ({1}) ; prochaine tentative à {2}"},
    {"for relaying to {}", "à relayer vers {0}"},
    {"<{}> accepted: {}", "<{0}> accepté : {1}"},
    {"from <{}> to {} (authenticated as {})", "de <{0}> pour {1} (authentifié comme {2})"},
    {"from <{}> to {}", "de <{0}> pour {1}"},
    {"from <> to {}", "de <> pour {0}"},
    {"local submission from <{}> to {}", "soumission locale de <{0}> pour {1}"},
    {"local submission from <> to {}", "soumission locale de <> pour {0}"},
    {"closed by {}", "fermée par {0}"},
    {"no answer from {} after {} s", "pas de réponse de {0} après {1} s"},
    {"port {} closed on {}", "port {0} fermé sur {1}"},
    {"port {} closed (fault)", "port {0} fermé (panne)"},
    {"port {} open again", "port {0} de nouveau ouvert"},
    {"connection dropped in the middle of DATA (fault)", "connexion coupée au milieu de DATA (panne)"},
    // Client notes (sim/mail/mua.cpp, sim/world/retrieval.cpp) and server events.
    {"MUA submits to {}", "le MUA soumet à {0}"},
    {"MUA submitted: {} (8-bit body downgraded to 7 bits)", "le MUA a soumis le message : {0} (corps 8 bits converti en 7 bits)"},
    {"MUA submitted: {}", "le MUA a soumis le message : {0}"},
    {"MUA not submitted: {} refused with {}; {}", "le MUA n'a pas soumis le message : {0} refusé avec {1} ; {2}"},
    {"MUA not submitted: {} refused with {}", "le MUA n'a pas soumis le message : {0} refusé avec {1}"},
    {"the server requires AUTH but does not offer it (add AUTH to its extensions)",
     "le serveur exige AUTH sans le proposer (ajouter AUTH à ses extensions)"},
    {"the server requires AUTH and the client gave no credentials (add \"auth\" to the send action)",
     "le serveur exige AUTH et le client n'a donné aucun identifiant (ajouter \"auth\" à l'action send)"},
    {"MUA not submitted: {}", "le MUA n'a pas soumis le message : {0}"},
    {"MUA not submitted", "le MUA n'a pas soumis le message"},
    // Why an SMTP client gave a session up (sim/smtp/client.cpp), the server's reply after.
    {"authentication failed: {}", "échec de l'authentification : {0}"},
    {"the server closed the session: {}", "le serveur a fermé la session : {0}"},
    {"greeting refused: {}", "accueil refusé : {0}"},
    {"EHLO refused: {}", "EHLO refusé : {0}"},
    {"HELO refused: {}", "HELO refusé : {0}"},
    {"MUA could not connect: {}", "le MUA n'a pas pu se connecter : {0}"},
    {"cannot compose the message: {}", "impossible de composer le message : {0}"},
    {"MUA fetches mail from {} by POP3 ({})", "le MUA relève le courrier sur {0} par POP3 ({1})"},
    {"MUA opens a mailbox on {} by IMAP ({})", "le MUA ouvre une boîte aux lettres sur {0} par IMAP ({1})"},
    {"POP3 client could not connect: {}", "le client POP3 n'a pas pu se connecter : {0}"},
    {"IMAP client could not connect: {}", "le client IMAP n'a pas pu se connecter : {0}"},
    {"POP3 client: {}", "client POP3 : {0}"},
    {"IMAP client: {}", "client IMAP : {0}"},
    {"{} message(s) retrieved, first error: {}", "{0} message(s) récupéré(s), première erreur : {1}"},
    {"{} message(s) retrieved, ok", "{0} message(s) récupéré(s), ok"},
    {"hand-typed session, first error: {}", "session tapée à la main, première erreur : {0}"},
    {"hand-typed session, ok", "session tapée à la main, terminée"},
    {"hand-typed session, did not finish", "session tapée à la main, inachevée"},
    {"{} message(s) retrieved, did not finish", "{0} message(s) récupéré(s), session inachevée"},
    {"refused", "refusée"},
    {"timed out", "délai dépassé"},
    {"AUTH {} succeeded for {} (over TLS)", "AUTH {0} réussie pour {1} (sous TLS)"},
    {"AUTH {} succeeded for {} (in clear text!)", "AUTH {0} réussie pour {1} (en clair !)"},
    {"AUTH {} failed for {}", "AUTH {0} échouée pour {1}"},
    {"AUTH {} failed", "AUTH {0} échouée"},
    {"TLS handshake (simulated): TLS 1.3, certificate {}; the SMTP session starts over, the client must say EHLO again",
     "négociation TLS (simulée) : TLS 1.3, certificat {0} ; la session SMTP recommence, le client doit redire EHLO"},
    // Live mode (sim/live/server.cpp).
    {"live: c{} cut off: {}", "direct : c{0} coupée : {1}"},
    {"live: c{} client vanished ({})", "direct : c{0} le client a disparu ({1})"},
    {"TLS handshake: {}, {}, after STARTTLS", "négociation TLS : {0}, {1}, après STARTTLS"},
    {"TLS handshake: {}, {}, on the implicit-TLS port {}", "négociation TLS : {0}, {1}, sur le port {2} (TLS implicite)"},
    {"TLS handshake failed after STARTTLS: {} (does the client trust the certificate? see --tls-ca-out)",
     "échec de la négociation TLS après STARTTLS : {0} (le client fait-il confiance au certificat ? voir --tls-ca-out)"},
    {"TLS handshake failed on the implicit-TLS port {}: {} (a client speaking without TLS on a TLS port?)",
     "échec de la négociation TLS sur le port {0} (TLS implicite) : {1} (un client qui parle sans TLS sur un port TLS ?)"},
    {"send failed", "échec de l'envoi"},
    {"line longer than {} bytes", "ligne de plus de {0} octets"},
    {"idle for more than {} s", "inactif depuis plus de {0} s"},
    {"client does not read its replies (more than {} bytes queued)",
     "le client ne lit pas ses réponses (plus de {0} octets en attente)"},
    // The address and path parsers (sim/message/address.cpp, smtp_path.cpp) and the MIME
    // checks, as lessons 2 and 4 show them.
    {"the local part is case-sensitive (only the receiving host may ignore case); the domain is not",
     "la partie locale distingue majuscules et minuscules (seul l'hôte destinataire peut les confondre) ; le domaine, non"},
    {"the quotes are not part of the address: {} is the same mailbox as {}",
     "les guillemets ne font pas partie de l'adresse : {0} est la même boîte que {1}"},
    {"the local part {} needs its quotes (it is not a dot-atom)", "la partie locale {0} a besoin de ses guillemets (ce n'est pas un dot-atom)"},
    {"the local part has {} octets, more than the {} SMTP allows", "la partie locale a {0} octets, plus que les {1} que SMTP permet"},
    {"a non-ASCII local part needs SMTPUTF8 to be sent", "une partie locale non ASCII demande SMTPUTF8 pour être envoyée"},
    {"the comment {} is ignored", "le commentaire {0} est ignoré"},
    {"a local part mixing quoted and unquoted words is obsolete syntax",
     "une partie locale qui mêle mots entre guillemets et mots nus est une syntaxe obsolète"},
    {"a line break quoted with '\\' is obsolete and dropped",
     "un saut de ligne protégé par '\\' est une syntaxe obsolète, et il est supprimé"},
    {"spaces or comments between the words of a local part are obsolete syntax",
     "des espaces ou commentaires entre les mots d'une partie locale sont une syntaxe obsolète"},
    {"the domain {} is an address literal: mail goes straight to that IPv4 host, no MX lookup",
     "le domaine {0} est une adresse littérale : le courrier va directement à cet hôte IPv4, sans recherche de MX"},
    {"the domain {} is an IPv6 address literal", "le domaine {0} est une adresse littérale IPv6"},
    {"the domain literal {} is not an IPv4 or IPv6 address", "l'adresse littérale {0} n'est ni une adresse IPv4 ni une adresse IPv6"},
    {"'{}' looks like an IP address, but without brackets it is read as a domain name; an address literal is written {}",
     "'{0}' ressemble à une adresse IP, mais sans crochets il se lit comme un nom de domaine ; une adresse littérale s'écrit {1}"},
    {"the domain has {} octets, more than the {} allowed", "le domaine a {0} octets, plus que les {1} permis"},
    {"the source route {}: is obsolete; it is ignored and the mail goes to the final address",
     "la route par la source {0}: est obsolète ; elle est ignorée et le courrier va à l'adresse finale"},
    {"each hop of a source route starts with '@'", "chaque étape d'une route par la source commence par '@'"},
    {"{} is a display name for people; the address is the part between < and >",
     "{0} est un nom affiché pour les personnes ; l'adresse est la partie entre < et >"},
    {"empty word between dots in the local part at offset {}", "mot vide entre deux points dans la partie locale, à la position {0}"},
    {"the local part ends with a dot at offset {}", "la partie locale finit par un point, à la position {0}"},
    {"expected '@' after the local part at offset {}", "'@' attendu après la partie locale, à la position {0}"},
    {"local part too long: {} octets, at most {} ({})", "partie locale trop longue : {0} octets, au plus {1} ({2})"},
    {"domain too long: {} octets, at most {} ({})", "domaine trop long : {0} octets, au plus {1} ({2})"},
    {"path too long: {} octets, at most {} ({})", "chemin trop long : {0} octets, au plus {1} ({2})"},
    {"the address must be written between '<' and '>' ({})", "l'adresse doit s'écrire entre '<' et '>' ({0})"},
    {"missing required Date field ({})", "il manque le champ Date, obligatoire ({0})"},
    {"{} is a private, user-defined field (X- prefix; {})", "{0} est un champ privé, défini par l'utilisateur (préfixe X- ; {1})"},
    // Last: it begins with a part carried over and would take many sentences apart.
    {"{} said {}", "{0} a répondu {1}"},
};

// The scenario expectations (sim/world/expect.cpp) and their findings: a table of their own,
// so that the generic " from {}" / " to {}" endings cannot take the simulation's sentences apart.
constexpr Phrasing kExpectationPhrasings[] = {
    {"mailbox {} ({}) holds a message with {}", "la boîte {0} ({1}) contient un message marqué {2}"},
    {"mailbox {} ({}) holds {} message(s) with {}", "la boîte {0} ({1}) contient {2} message(s) marqué(s) {3}"},
    {"mailbox {} ({}) holds a message", "la boîte {0} ({1}) contient un message"},
    {"mailbox {} ({}) holds {} message(s)", "la boîte {0} ({1}) contient {2} message(s)"},
    {"a {} reply", "une réponse {0}"},
    {"no {} reply", "aucune réponse {0}"},
    {"{} {} replies", "{0} réponses {1}"},
    {"{} {} reply", "{0} réponse {1}"},
    {"a server line \"{}\"", "une ligne du serveur « {0} »"},
    {"no server line \"{}\"", "aucune ligne du serveur « {0} »"},
    {"{} server line \"{}\"", "{0} ligne du serveur « {1} »"},
    {"{} server lines \"{}\"", "{0} lignes du serveur « {1} »"},
    {"{} accepted a message {} time(s)", "{0} a accepté un message {1} fois"},
    {"{} accepted a message", "{0} a accepté un message"},
    {"{} relayed a message {} time(s)", "{0} a relayé un message {1} fois"},
    {"{} relayed a message", "{0} a relayé un message"},
    {"a connection to {} fails (refused or timed out)", "une connexion vers {0} échoue (refusée ou délai dépassé)"},
    {"at the end, {}'s queue holds messages", "à la fin, la file de {0} contient des messages"},
    {"at the end, {}'s queue holds {} message(s)", "à la fin, la file de {0} contient {1} message(s)"},
    {"{} recipient(s) bounced", "{0} destinataire(s) non remis"},
    {"the dialogue from {} to {}: commands {}, replies {}", "le dialogue de {0} à {1} : commandes {2}, réponses {3}"},
    {"the dialogue from {} to {}: commands {}", "le dialogue de {0} à {1} : commandes {2}"},
    {"the dialogue from {} to {}, replies {}", "le dialogue de {0} à {1}, réponses {2}"},
    {"the dialogue from {} to {}", "le dialogue de {0} à {1}"},
    {"{} round trip(s) from {} to {} in their first session", "{0} aller(s)-retour(s) de {1} à {2} dans leur première session"},
    {"every accepted message is delivered, bounced or still queued",
     "tout message accepté est distribué, non remis ou encore en file"},
    // What was found instead.
    {"found {} message(s) on {}", "trouvé {0} message(s) sur {1}"},
    {"found {} such replies", "trouvé {0} réponse(s) de ce genre"},
    {"found {} such lines", "trouvé {0} ligne(s) de ce genre"},
    {"found {} time(s)", "trouvé {0} fois"},
    {"found {} failed connection(s)", "trouvé {0} connexion(s) en échec"},
    {"found {} message(s) in the queue", "trouvé {0} message(s) dans la file"},
    {"found {} bounce(s)", "trouvé {0} non-remise(s)"},
    {"found {} round trip(s)", "trouvé {0} aller(s)-retour(s)"},
    {"no MDA host holds the domain {}", "aucun hôte MDA ne gère le domaine {0}"},
    {"no connection from {} to {} was accepted", "aucune connexion de {0} à {1} n'a été acceptée"},
    {"commands were: {}; replies were: {}", "les commandes étaient : {0} ; les réponses : {1}"},
    {"commands were: {}; ", "les commandes étaient : {0}"},
    {"replies were: {}", "les réponses étaient : {0}"},
    {"{} accepted, {} delivered, {} bounced, {} queued", "{0} accepté(s), {1} distribué(s), {2} non remis, {3} en file"},
    // Last: the hosts an expectation is limited to, around a sentence translated in turn.
    {"{} from {} to {}", "{0} de {1} à {2}"},
    {"{} from {}", "{0} de {1}"},
    {"{} to {}", "{0} à {1}"},
};

constexpr int kMaxNesting = 4;  // sentences inside sentences, at most this deep

// A pattern cut at its `{}`: pieces.size() == holes + 1.
struct Pattern {
  std::vector<std::string_view> pieces;
  std::string_view fr;
};

template <std::size_t N>
std::vector<Pattern> cut(const Phrasing (&table)[N]) {
  std::vector<Pattern> out;
  for (const Phrasing& p : table) {
    Pattern pattern{{}, p.fr};
    std::size_t start = 0;
    for (std::size_t hole = p.en.find("{}"); hole != std::string_view::npos; hole = p.en.find("{}", start)) {
      pattern.pieces.push_back(p.en.substr(start, hole - start));
      start = hole + 2;
    }
    pattern.pieces.push_back(p.en.substr(start));
    out.push_back(std::move(pattern));
  }
  return out;
}

const std::vector<Pattern>& patterns() {
  static const std::vector<Pattern> all = cut(kPhrasings);
  return all;
}

const std::vector<Pattern>& expectation_patterns() {
  static const std::vector<Pattern> all = cut(kExpectationPhrasings);
  return all;
}

// Whether `hole` may stand between pieces k - 1 and k: never empty, and between < and >
// an address, which has no space and no bracket (so "<{}> refused by" cannot swallow
// "<a@b> failed (<a@b").
bool fits_hole(const Pattern& p, std::size_t k, std::string_view hole) {
  if (hole.empty()) return false;
  const bool address = p.pieces[k - 1].ends_with('<') && p.pieces[k].starts_with('>');
  return !address || hole.find_first_of(" <>") == std::string_view::npos;
}

// The holes from piece k on, given that `rest` follows piece k - 1. Where a piece occurs
// several times, the leftmost split that fits is taken.
bool fit(const Pattern& p, std::size_t k, std::string_view rest, std::vector<std::string_view>& holes) {
  const std::string_view piece = p.pieces[k];
  if (k + 1 == p.pieces.size()) {  // the last piece ends the text
    if (rest.size() < piece.size() || !rest.ends_with(piece)) return false;
    holes[k - 1] = rest.substr(0, rest.size() - piece.size());
    return fits_hole(p, k, holes[k - 1]);
  }
  for (std::size_t at = rest.find(piece, 1); at != std::string_view::npos; at = rest.find(piece, at + 1)) {
    holes[k - 1] = rest.substr(0, at);
    if (fits_hole(p, k, holes[k - 1]) && fit(p, k + 1, rest.substr(at + piece.size()), holes)) return true;
  }
  return false;
}

bool matches(const Pattern& p, std::string_view text, std::vector<std::string_view>& holes) {
  if (p.pieces.size() == 1) return text == p.pieces[0];
  if (!text.starts_with(p.pieces[0])) return false;
  holes.assign(p.pieces.size() - 1, {});
  return fit(p, 1, text.substr(p.pieces[0].size()), holes);
}

std::string translate(std::string_view text, int depth, const std::vector<Pattern>& table = patterns()) {
  std::vector<std::string_view> holes;
  for (const Pattern& p : table) {
    if (!matches(p, text, holes)) continue;
    std::string out;
    for (std::size_t i = 0; i < p.fr.size(); ++i) {
      const char digit = i + 2 < p.fr.size() && p.fr[i] == '{' && p.fr[i + 2] == '}' ? p.fr[i + 1] : 0;
      const auto n = static_cast<std::size_t>(digit - '0');
      if (digit < '0' || digit > '9' || n >= holes.size()) {
        out += p.fr[i];
        continue;
      }
      out += depth < kMaxNesting ? translate(holes[n], depth + 1, table) : std::string(holes[n]);
      i += 2;
    }
    return out;
  }
  return std::string(text);
}

}  // namespace

std::string_view kind_name(TraceKind kind, Lang lang) {
  struct KindText {
    TraceKind kind;
    std::string_view fr;
  };
  static constexpr KindText kFrench[] = {
      {TraceKind::HostDown, "hôte en panne"},      {TraceKind::HostUp, "hôte rétabli"},
      {TraceKind::ConnectAttempt, "connexion"},    {TraceKind::ConnectAccepted, "acceptée"},
      {TraceKind::ConnectRefused, "refusée"},      {TraceKind::ConnectTimeout, "délai dépassé"},
      {TraceKind::ConnectionClosed, "fermée"},     {TraceKind::Line, "ligne"},
      {TraceKind::DnsQuery, "requête DNS"},        {TraceKind::DnsAnswer, "réponse DNS"},
      {TraceKind::MessageAccepted, "message accepté"}, {TraceKind::MessageQueued, "en file"},
      {TraceKind::Decision, "décision"},           {TraceKind::Relayed, "relayé"},
      {TraceKind::Delivered, "distribué"},         {TraceKind::Bounced, "non remis"},
      {TraceKind::Headers, "en-tête"},             {TraceKind::Expectation, "vérification"},
      {TraceKind::Note, "note"},                   {TraceKind::MailboxChanged, "boîte"},
  };
  static_assert(
      [] {
        int i = 0;
        for (const KindText& t : kFrench)
          if (static_cast<int>(t.kind) != i++) return false;
        return i == static_cast<int>(TraceKind::MailboxChanged) + 1;
      }(),
      "kFrench must name every TraceKind, in the enum's order");
  if (lang == Lang::Fr) return kFrench[static_cast<int>(kind)].fr;
  return trace_kind_name(kind);
}

std::string_view label_separator(Lang lang) { return lang == Lang::Fr ? " : " : ": "; }

std::string format_line(const Trace& trace, const TraceEvent& e, Lang lang) {
  if (lang == Lang::En || e.kind == TraceKind::Line) return trace.format_line(e);
  std::string out = trace.line_prefix(e);
  out += kind_name(e.kind, lang);
  if (e.message != 0) out += " " + message_label(e.message);
  if (e.text.empty()) return out;
  out += label_separator(lang);
  if (e.kind == TraceKind::Headers) {
    std::size_t fields = 0;
    const std::string names = header_field_names(e.text, fields);
    return out + std::to_string(fields) + " champs (" + printable(names) + ")";
  }
  if (e.kind == TraceKind::MailboxChanged)
    if (const auto c = parse_mailbox_change(e.text)) {  // "pda INBOX 3 new \Recent" -> "pda INBOX 3 nouveau \Recent"
      out += c->user + " " + c->folder + " " + std::to_string(c->uid);
      if (c->kind == MailboxChange::Kind::Added) out += " nouveau";
      if (c->kind == MailboxChange::Kind::Removed) out += " retiré";
      for (const auto& f : c->set) out += (c->kind == MailboxChange::Kind::Flags ? " +" : " ") + f;
      for (const auto& f : c->cleared) out += " -" + f;
      return out;
    }
  return out + printable(localize_note(e.text, lang));
}

std::string localize_note(std::string_view text, Lang lang) {
  if (lang == Lang::En) return std::string(text);
  return translate(text, 0);
}

bool has_phrasing(std::string_view text) {
  std::vector<std::string_view> holes;
  for (const Pattern& p : patterns())
    if (matches(p, text, holes)) return true;
  return false;
}

std::string localize_expectation(std::string_view text, Lang lang) {
  if (lang == Lang::En) return std::string(text);
  return translate(text, 0, expectation_patterns());
}

bool has_expectation_phrasing(std::string_view text) {
  std::vector<std::string_view> holes;
  for (const Pattern& p : expectation_patterns())
    if (matches(p, text, holes)) return true;
  return false;
}

std::string_view verdict(bool passed, Lang lang) {
  if (lang == Lang::Fr) return passed ? "OK" : "ÉCHEC";
  return passed ? "PASS" : "FAIL";
}

std::string balance_line(std::size_t accepted, std::size_t delivered, std::size_t bounced, std::size_t queued, bool holds, Lang lang) {
  const auto n = [](std::size_t x) { return std::to_string(x); };
  if (lang == Lang::Fr)
    return "== bilan : " + n(accepted) + " accepté(s), " + n(delivered) + " distribué(s), " + n(bounced) + " non remis, " + n(queued) +
           " encore en file" + (holds ? "" : "  ** MESSAGES PERDUS **");
  return "== balance: " + n(accepted) + " accepted, " + n(delivered) + " delivered, " + n(bounced) + " bounced, " + n(queued) +
         " still queued" + (holds ? "" : "  ** MESSAGES LOST **");
}

}  // namespace mailsim::explain
