#include "app/i18n.hpp"

#include "explain/notes.hpp"

namespace mailsim::gui {
namespace {

struct Text {
  Str key;
  const char* en;
  const char* fr;
};

constexpr Text kTexts[] = {
    {Str::File, "File", "Fichier"},
    {Str::OpenShipped, "Shipped scenarios", "Scénarios fournis"},
    {Str::OpenPath, "Open a path", "Ouvrir un chemin"},
    {Str::Open, "Open", "Ouvrir"},
    {Str::Reload, "Reload", "Recharger"},
    {Str::Quit, "Quit", "Quitter"},
    {Str::View, "View", "Affichage"},
    {Str::Theme, "Theme", "Thème"},
    {Str::ThemeDark, "Dark", "Sombre"},
    {Str::ThemeLight, "Light", "Clair"},
    {Str::ThemeContrast, "High contrast", "Contraste élevé"},
    {Str::FontBigger, "Bigger text", "Texte plus grand"},
    {Str::FontSmaller, "Smaller text", "Texte plus petit"},
    {Str::Fullscreen, "Full screen", "Plein écran"},
    {Str::ResetLayout, "Reset the layout", "Réinitialiser la disposition"},
    {Str::Language, "Language", "Langue"},
    {Str::Help, "Help", "Aide"},
    {Str::Keys, "Space: play/pause · ←/→: step · Home/End: start/end · Ctrl +/−: text size · F11: full screen", "Espace : lecture/pause · ←/→ : pas · Début/Fin : début/fin · Ctrl +/− : taille du texte · F11 : plein écran"},
    {Str::Timeline, "Timeline", "Chronologie"},
    {Str::Restart, "Restart", "Recommencer"},
    {Str::StepBack, "◀ Step back", "◀ Pas arrière"},
    {Str::Play, "Play ▶", "Lecture ▶"},
    {Str::Pause, "Pause", "Pause"},
    {Str::Step, "Step ▶", "Pas ▶"},
    {Str::StepSize, "Step:", "Pas :"},
    {Str::StepEvent, "one event", "un événement"},
    {Str::StepReply, "command + reply", "commande + réponse"},
    {Str::StepHop, "one hop", "un saut"},
    {Str::Speed, "Speed:", "Vitesse :"},
    {Str::Event, "Event", "Événement"},
    {Str::AtStart, "At the start: nothing has happened yet.", "Au début : rien ne s'est encore passé."},
    {Str::NoScenario, "No scenario loaded.", "Aucun scénario chargé."},
    {Str::Failures, "failures", "échecs"},
    {Str::Retries, "retries (queued)", "nouvelles tentatives (en file)"},
    {Str::Bounces, "bounces", "retours à l'expéditeur"},
    {Str::Deliveries, "deliveries", "remises"},
    {Str::Topology, "Topology", "Topologie"},
    {Str::Roles, "Roles", "Rôles"},
    {Str::Address, "Address", "Adresse"},
    {Str::Domains, "Domains", "Domaines"},
    {Str::Ports, "Ports", "Ports"},
    {Str::Extensions, "Advertised extensions:", "Extensions annoncées :"},
    {Str::QueueShort, "queue", "file"},
    {Str::MailboxShort, "mail", "courriers"},
    {Str::Down, "DOWN", "EN PANNE"},
    {Str::LinkFilter, "link", "lien"},
    {Str::ClearFilter, "✕ filter", "✕ filtre"},
    {Str::Transcript, "Transcript", "Transcription"},
    {Str::Follow, "Follow the current event", "Suivre l'événement courant"},
    {Str::NoConnection, "No connection yet.", "Pas encore de connexion."},
    {Str::Events, "Events", "Événements"},
    {Str::Time, "Time (s)", "Temps (s)"},
    {Str::Conn, "Conn.", "Conn."},
    {Str::Hosts, "Hosts", "Machines"},
    {Str::What, "What", "Quoi"},
    {Str::Sequence, "Sequence diagram", "Diagramme de séquence"},
    {Str::Inspectors, "Inspectors", "Inspecteurs"},
    {Str::Message, "Message", "Message"},
    {Str::Queues, "Queues", "Files d'attente"},
    {Str::Mailboxes, "Mailboxes", "Boîtes aux lettres"},
    {Str::Dns, "DNS", "DNS"},
    {Str::Scenario, "Scenario", "Scénario"},
    {Str::NoMessage, "No message yet.", "Pas encore de message."},
    {Str::Envelope, "Envelope (SMTP commands)", "Enveloppe (commandes SMTP)"},
    {Str::HeaderFields, "Header (inside the message)", "En-tête (dans le message)"},
    {Str::ReceivedChain, "Received chain (newest first)", "Chaîne des Received (la plus récente d'abord)"},
    {Str::RawHeader, "Raw header", "En-tête brut"},
    {Str::Hop, "hop", "saut"},
    {Str::QueueEmpty, "All queues are empty.", "Toutes les files sont vides."},
    {Str::Since, "since", "depuis"},
    {Str::Attempts, "attempts", "tentatives"},
    {Str::NextRetry, "last decision", "dernière décision"},
    {Str::User, "User", "Utilisateur"},
    {Str::Folder, "Folder", "Dossier"},
    {Str::Count, "Messages", "Messages"},
    {Str::NoMail, "No mail delivered yet.", "Aucun courrier remis pour l'instant."},
    {Str::Unseen, "Unseen", "Non lus"},
    {Str::Uid, "UID", "UID"},
    {Str::Flags, "Flags", "Indicateurs"},
    {Str::NoFlags, "no flags", "aucun"},
    {Str::ByClient, "appended by a client", "ajouté par un client"},
    {Str::NowChanged, "current event:", "événement courant :"},
    {Str::FolderEmpty, "This folder is empty at this step.", "Ce dossier est vide à cette étape."},
    {Str::Zones, "Zones", "Zones"},
    {Str::QueryLog, "Queries and answers", "Requêtes et réponses"},
    {Str::ShippedScenarios, "Shipped scenarios", "Scénarios fournis"},
    {Str::Path, "Path", "Chemin"},
    {Str::Errors, "Errors", "Erreurs"},
    {Str::CannotLoad, "This scenario could not be loaded:", "Ce scénario n'a pas pu être chargé :"},
    {Str::LoadsWithWarnings, "This scenario loads, but cannot work as written:",
     "Ce scénario se charge, mais ne peut pas fonctionner tel qu'il est écrit :"},
    {Str::Editor, "Scenario JSON", "JSON du scénario"},
    {Str::Apply, "Apply and re-run", "Appliquer et relancer"},
    {Str::ErrorHint, "Click a line above to show its place in the editor.", "Cliquez sur une ligne ci-dessus pour voir sa place dans l'éditeur."},
    {Str::WhatIf, "What if…", "Et si…"},
    {Str::TakeDown, "Take down", "Mettre en panne"},
    {Str::FromTime, "from (s)", "à partir de (s)"},
    {Str::DropMx, "Drop the MX record", "Supprimer l'enregistrement MX"},
    {Str::TurnOff, "Turn the extension off", "Désactiver l'extension"},
    {Str::Compare, "Before / after", "Avant / après"},
    {Str::Accepted, "accepted", "acceptés"},
    {Str::Delivered, "delivered", "remis"},
    {Str::Bounced, "bounced", "renvoyés"},
    {Str::Queued, "still queued", "encore en file"},
    {Str::Before, "before", "avant"},
    {Str::After, "after", "après"},
    {Str::Lesson, "Lesson", "Leçon"},
    {Str::Previous, "◀ Previous", "◀ Précédente"},
    {Str::Next, "Next ▶", "Suivante ▶"},
    {Str::YourAnswer, "Your answer", "Votre réponse"},
    {Str::Check, "Check", "Vérifier"},
    {Str::Correct, "Right!", "Exact !"},
    {Str::Wrong, "Not quite. The simulation says:", "Pas tout à fait. La simulation dit :"},
    {Str::RunTry, "Run this change", "Lancer cette modification"},
    {Str::Passed, "as expected", "comme prévu"},
    {Str::Failed, "not as expected", "pas comme prévu"},
    {Str::NoLessons, "No lessons found.", "Aucune leçon trouvée."},
    {Str::StepScenario, "This step is about %s, which the window is not showing.",
     "Cette étape porte sur %s, que la fenêtre n'affiche pas."},
    {Str::OpenStepScenario, "Open it", "L'ouvrir"},
    {Str::ShowRun, "Show this run", "Afficher cette exécution"},
    {Str::MimeTree, "MIME structure (as sent on the last hop)", "Structure MIME (telle qu'envoyée au dernier saut)"},
    {Str::RawSource, "Raw source", "Source brute"},
    {Str::Live, "LIVE", "EN DIRECT"},
    {Str::LiveRole, "REAL CLIENTS", "CLIENTS RÉELS"},
    {Str::LiveClientIs, "Real clients connect as", "Les clients réels se connectent en tant que"},
    {Str::LiveClientHelp, "Every real client (curl, swaks, Thunderbird…) on one of these ports speaks from this host.",
     "Tout client réel (curl, swaks, Thunderbird…) sur l'un de ces ports parle depuis cet hôte."},
    {Str::RealPorts, "Real ports", "Ports réels"},
    {Str::RealPortsShort, "real ports", "ports réels"},
    {Str::LiveOpen, "connected", "connectés"},
    {Str::LiveFollowing, "following the live end", "suit le direct"},
    {Str::LiveSteppedBack, "stepped back (End: back to live)", "en arrière (Fin : retour au direct)"},
    {Str::LiveStopped, "stopped", "arrêté"},
    {Str::LiveKeepsScenario, "Serving live: this window keeps its scenario (restart mailsim-gui to serve or open another one).",
     "En direct : cette fenêtre garde son scénario (relancez mailsim-gui pour en servir ou en ouvrir un autre)."},
    {Str::Export, "Export", "Exporter"},
    {Str::ExportPcap, "Packet capture (pcap)", "Capture réseau (pcap)"},
    {Str::ExportDiagram, "Sequence diagram", "Diagramme de séquence"},
    {Str::ExportTrace, "Trace (JSON)", "Trace (JSON)"},
    {Str::ExportMailboxes, "Mailboxes (Maildir/mbox)", "Boîtes aux lettres (Maildir/mbox)"},
    {Str::ExportFormat, "Format", "Format"},
    {Str::ExportRelativeTo, "A relative path starts in %s", "Un chemin relatif part de %s"},
    {Str::ExportOnlyConnection, "Only the connection shown in the transcript", "Seulement la connexion affichée dans la transcription"},
    {Str::ExportUpToCursor, "Only from the start to the cursor", "Seulement du début jusqu'au curseur"},
    {Str::ExportFullBodies, "Message bodies line by line", "Corps des messages ligne par ligne"},
    {Str::ExportShowPasswords, "Show passwords (masked otherwise)", "Montrer les mots de passe (masqués sinon)"},
    {Str::ExportLiveSoFar, "Live: what has happened so far is written.", "En direct : ce qui s'est passé jusqu'ici est écrit."},
    {Str::ExportNoPath, "Type a path to write to first.", "Indiquez d'abord un chemin où écrire."},
    {Str::ExportNoMailstore, "Nothing written: no host of this scenario has a mail store.",
     "Rien d'écrit : aucun hôte de ce scénario n'a de boîte aux lettres."},
    {Str::ExportWrote, "Wrote %s", "Écrit : %s"},
    {Str::ExportWroteMailboxes, "Wrote %zu messages of %s to %s", "%zu messages de %s écrits dans %s"},
    {Str::ExportFailed, "Export failed: %s", "Échec de l'export : %s"},
    {Str::PlayFollowsLive, "Following live ▶", "Suit le direct ▶"},
};

constexpr bool in_order() {
  for (int i = 0; i < static_cast<int>(Str::Count_); ++i)
    if (static_cast<int>(kTexts[i].key) != i) return false;
  return sizeof kTexts / sizeof kTexts[0] == static_cast<int>(Str::Count_);
}
static_assert(in_order(), "kTexts must list every Str in the enum's order");

Lang g_language = Lang::En;

}  // namespace

const char* tr(Str key) {
  const Text& t = kTexts[static_cast<int>(key)];
  return g_language == Lang::Fr ? t.fr : t.en;
}

const char* kind_label(TraceKind kind) {
  return explain::kind_name(kind, g_language).data();  // string literals: NUL-terminated
}

Lang language() { return g_language; }
void set_language(Lang lang) { g_language = lang; }

}  // namespace mailsim::gui
