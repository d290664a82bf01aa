#include "panels/help_panel.hpp"

namespace mailsim::gui {
namespace {

struct Pair {
  const char* first;  // a key, a panel's name, a pointer
  const char* en;
  const char* fr;
};

constexpr Pair kShortcuts[] = {
    {"Space", "play / pause", "lecture / pause"},
    {"→  PageDown", "one step forward (the step size is chosen in the timeline)",
     "un pas en avant (la taille du pas se choisit dans la chronologie)"},
    {"←  PageUp", "one step back: every panel shows the state after the events so far",
     "un pas en arrière : chaque panneau montre l'état après les événements passés"},
    {"Home / End", "the start / the end of the run", "le début / la fin du déroulement"},
    {"Ctrl +  Ctrl −", "larger / smaller text", "texte plus grand / plus petit"},
    {"F5", "presentation: text twice as large, high contrast (F5 again: back)",
     "présentation : texte deux fois plus grand, contraste élevé (F5 à nouveau : retour)"},
    {"F11", "full screen", "plein écran"},
    {"F1", "this help", "cette aide"},
};

constexpr Pair kPanels[] = {
    {"Timeline", "buttons, step size, speed; the scrub bar marks failures, retries, bounces and deliveries",
     "boutons, taille du pas, vitesse ; la barre de défilement marque échecs, nouvelles tentatives, retours et remises"},
    {"Topology", "the hosts and their links; the current message's path so far, hops numbered; click a host or a link to filter",
     "les hôtes et leurs liens ; le chemin du message courant jusqu'ici, sauts numérotés ; cliquer un hôte ou un lien filtre"},
    {"Transcript", "the dialogue of the current event's connection (C: client, S: server); hover a line for its meaning",
     "le dialogue de la connexion de l'événement courant (C: client, S: serveur) ; survoler une ligne l'explique"},
    {"Events", "every event so far; click one to go there", "tous les événements jusqu'ici ; cliquer l'un d'eux pour y aller"},
    {"Sequence", "the dialogue as arrows between hosts, with the time", "le dialogue en flèches entre hôtes, avec l'heure"},
    {"Message", "a message's path, envelope, header fields and MIME parts", "le chemin d'un message, son enveloppe, ses en-têtes et ses parties MIME"},
    {"Queues", "the messages each server holds, failed attempts and the next retry",
     "les messages que chaque serveur garde, les tentatives échouées et la prochaine"},
    {"Mailboxes / DNS", "the mail stores' folders; the DNS queries and answers", "les dossiers des boîtes ; les requêtes et réponses DNS"},
    {"Scenario / Lesson", "edit the scenario and try what-ifs; follow a lesson step by step",
     "modifier le scénario et essayer des variantes ; suivre une leçon pas à pas"},
};

constexpr Pair kLearnMore[] = {
    {"lessons/", "the course's lessons (File > Lesson, or: mailsim lesson list)",
     "les leçons du cours (Fichier > Leçon, ou : mailsim lesson list)"},
    {"mailsim run FILE", "the same run as a transcript in a terminal (--lang fr)",
     "le même déroulement en transcription dans un terminal (--lang fr)"},
    {"RFC 5321, 5322", "SMTP and the message format", "SMTP et le format des messages"},
    {"RFC 1939, 3501", "POP3 and IMAP", "POP3 et IMAP"},
    {"RFC 3463, 3464", "enhanced status codes and delivery status notifications",
     "codes d'état étendus et avis de remise (DSN)"},
};

template <std::size_t N>
void table(const char* id, const Pair (&rows)[N]) {
  if (!ImGui::BeginTable(id, 2, ImGuiTableFlags_SizingFixedFit | ImGuiTableFlags_RowBg)) return;
  ImGui::TableSetupColumn("", ImGuiTableColumnFlags_WidthFixed);
  ImGui::TableSetupColumn("", ImGuiTableColumnFlags_WidthStretch);
  for (const Pair& row : rows) {
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(row.first);
    ImGui::TableNextColumn();
    ImGui::TextWrapped("%s", language() == Lang::Fr ? row.fr : row.en);
  }
  ImGui::EndTable();
}

}  // namespace

void HelpPanel::draw_content(Context&) {
  const bool fr = language() == Lang::Fr;
  ImGui::TextUnformatted(fr ? "Raccourcis clavier" : "Keyboard shortcuts");
  table("##keys", kShortcuts);
  ImGui::Spacing();
  ImGui::TextUnformatted(fr ? "Les panneaux" : "The panels");
  table("##panels", kPanels);
  ImGui::Spacing();
  ImGui::TextUnformatted(fr ? "Pour aller plus loin" : "Where to learn more");
  table("##more", kLearnMore);
}

}  // namespace mailsim::gui
