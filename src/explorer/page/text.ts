/**
 * The page's own words, in English and French: headings, buttons, form labels, notes. The
 * engine's words (statuses, outcomes, reasons, events, effects) are in `../words.ts`.
 * May touch: nothing; data.
 */
import type { Label } from '../../labels.js';
import type { Language } from '../words.js';

const texts = {
  title: { en: 'order-rules explorer', fr: 'order-rules : explorateur' },
  tabPlay: { en: 'Play an order', fr: 'Jouer une commande' },
  tabRules: { en: 'Rule book', fr: 'Règles' },
  attachInspector: { en: 'Attach the Stately inspector', fr: "Brancher l'inspecteur Stately" },
  inspectorAttached: {
    en: 'The Stately inspector follows this order (it needs internet access):',
    fr: "L'inspecteur Stately suit cette commande (il lui faut un accès à internet) :",
  },
  placeHeading: { en: 'Place an order', fr: 'Passer une commande' },
  orderHeading: { en: 'The order', fr: 'La commande' },
  orderId: { en: 'Order id', fr: 'Identifiant de commande' },
  kind: { en: 'Payment method', fr: 'Moyen de paiement' },
  kindGateway: {
    en: 'gateway (PayPal, iDEAL, card: the provider reports)',
    fr: 'passerelle (PayPal, iDEAL, carte : le prestataire signale)',
  },
  kindManual: {
    en: 'manual (cheque, bank transfer: the merchant records)',
    fr: 'manuel (chèque, virement : le marchand enregistre)',
  },
  provider: { en: 'Provider', fr: 'Prestataire' },
  ignoreIncomplete: {
    en: 'Ignore Incomplete Orders (setting)',
    fr: 'Ignorer les abandons de panier (réglage)',
  },
  realtimeStock: { en: 'Realtime stock (setting)', fr: 'Stock en temps réel (réglage)' },
  window: {
    en: 'Payment window, minutes (empty: none)',
    fr: 'Délai de paiement, minutes (vide : aucun)',
  },
  lines: {
    en: 'Lines: one "sku quantity" a line',
    fr: 'Lignes : une « référence quantité » par ligne',
  },
  total: { en: 'Total, minor units (3990 = 39.90)', fr: 'Total, en centimes (3990 = 39,90)' },
  currency: { en: 'Currency', fr: 'Devise' },
  place: { en: 'Place the order', fr: 'Passer la commande' },
  newOrder: { en: 'Start another order', fr: 'Une autre commande' },
  settings: { en: 'Settings', fr: 'Réglages' },
  on: { en: 'on', fr: 'activé' },
  off: { en: 'off', fr: 'désactivé' },
  minutes: { en: 'min', fr: 'min' },
  none: { en: 'none', fr: 'aucun' },
  sendHeading: { en: 'Send an event', fr: 'Envoyer un événement' },
  quickHeading: { en: 'In one click', fr: 'En un clic' },
  formHeading: { en: 'Any event, with its payload', fr: 'Tout événement, avec ses données' },
  eventType: { en: 'Event', fr: 'Événement' },
  send: { en: 'Send', fr: 'Envoyer' },
  transactionId: { en: 'Transaction id', fr: 'Identifiant de transaction' },
  authorizationId: { en: 'Authorization id', fr: "Identifiant d'autorisation" },
  amount: { en: 'Amount, minor units', fr: 'Montant, en centimes' },
  status: { en: 'Status', fr: 'Statut' },
  eventLines: {
    en: 'Lines: "sku quantity", comma-separated',
    fr: 'Lignes : « référence quantité », séparées par des virgules',
  },
  restock: { en: 'Restock', fr: 'Remettre en stock' },
  reason: { en: 'Reason (kept for logs)', fr: 'Motif (pour les journaux)' },
  probesHeading: { en: 'What can happen from here', fr: 'Ce qui peut arriver maintenant' },
  probesNote: {
    en: "Every case of the decision table, sent to the order as it stands: the engine's answer, computed now. Nothing is kept until you send one.",
    fr: "Chaque cas de la table de décision, envoyé à la commande telle qu'elle est : la réponse du moteur, calculée maintenant. Rien n'est gardé tant que vous n'en envoyez pas un.",
  },
  case: { en: 'Case', fr: 'Cas' },
  event: { en: 'Event', fr: 'Événement' },
  outcome: { en: 'Outcome', fr: 'Résultat' },
  after: { en: 'After', fr: 'Après' },
  effects: { en: 'Effects', fr: 'Effets' },
  noEffect: { en: 'no effect', fr: 'aucun effet' },
  asItWas: { en: 'as it was', fr: 'inchangée' },
  chartHeading: { en: 'The statechart', fr: 'Le diagramme d’états' },
  chartNote: {
    en: "orderMachine drawn by the README's generator; the order's state in every region is highlighted.",
    fr: "orderMachine, dessinée par le générateur du README ; l'état de la commande dans chaque région est surligné.",
  },
  chartZoom: { en: 'Actual size', fr: 'Taille réelle' },
  chartFit: { en: 'Fit', fr: 'Ajuster' },
  chartMissing: {
    en: 'The diagram needs the package mermaid (npm install mermaid); the regions are listed below.',
    fr: 'Le diagramme demande le paquet mermaid (npm install mermaid) ; les régions sont listées ci-dessous.',
  },
  chartFailed: {
    en: 'The diagram could not be drawn:',
    fr: "Le diagramme n'a pas pu être dessiné :",
  },
  stays: {
    en: 'What is refused or changes nothing (no arrow is drawn for it)',
    fr: 'Ce qui est refusé ou ne change rien (sans flèche dans le diagramme)',
  },
  notPlaced: { en: 'not placed yet', fr: 'pas encore passée' },
  viewHeading: { en: 'The order now (getOrderView)', fr: 'La commande maintenant (getOrderView)' },
  linesHeading: { en: 'Lines', fr: 'Lignes' },
  stepsHeading: { en: 'Steps', fr: 'Étapes' },
  undo: { en: 'Undo the last step', fr: 'Annuler la dernière étape' },
  step: { en: 'Step', fr: 'Étape' },
  placement: { en: 'placement', fr: 'placement' },
  transitions: { en: 'Transitions', fr: 'Transitions' },
  noTransition: {
    en: 'none: every region stays where it was',
    fr: 'aucune : chaque région reste où elle était',
  },
  changed: { en: 'What changed', fr: 'Ce qui a changé' },
  nothingChanged: { en: 'nothing', fr: 'rien' },
  effectsAsData: { en: 'Effects as data', fr: 'Effets, en données' },
  viewAfter: { en: 'The view after this step', fr: 'La vue après cette étape' },
  eventAsData: { en: 'The event as data', fr: "L'événement, en données" },
  historyHeading: { en: 'Share or load a history', fr: 'Partager ou charger un historique' },
  shareLink: { en: 'Link to this history', fr: 'Lien vers cet historique' },
  download: { en: 'Download as JSON', fr: 'Télécharger en JSON' },
  loadFile: {
    en: 'Load a file: a history, `order-rules generate` output, or a store’s log',
    fr: 'Charger un fichier : un historique, la sortie de `order-rules generate`, ou le journal d’un store',
  },
  loadText: { en: 'Or paste it here', fr: 'Ou collez-le ici' },
  load: { en: 'Load', fr: 'Charger' },
  chooseOrder: { en: 'Orders found: choose one', fr: 'Commandes trouvées : choisissez-en une' },
  loaded: { en: 'Loaded', fr: 'Chargé' },
  events: { en: 'events', fr: 'événements' },
  rulesHeading: { en: 'The rule book', fr: 'Le livre des règles' },
  rulesNote: {
    en: 'Each rule as the rule book states it (in English), with the spec tests named after it and their result in the last test run.',
    fr: 'Chaque règle telle que le livre la formule (en anglais), avec les tests qui portent son nom et leur résultat au dernier passage des tests.',
  },
  filter: { en: 'Filter: a rule id or a word', fr: 'Filtrer : un identifiant de règle ou un mot' },
  reportMade: { en: 'Test report written', fr: 'Rapport de tests écrit le' },
  reportNone: {
    en: 'No test report yet: run `npm test` in the order-rules repository (it writes reports/spec-results.json).',
    fr: "Pas encore de rapport de tests : lancez `npm test` dans le dépôt d'order-rules (il écrit reports/spec-results.json).",
  },
  testsPassed: { en: 'passed', fr: 'réussis' },
  testsFailed: { en: 'failed', fr: 'échoués' },
  noTests: {
    en: 'no test named after it in the report',
    fr: 'aucun test à son nom dans le rapport',
  },
  ranAt: { en: 'ran', fr: 'lancé le' },
  error: { en: 'Error', fr: 'Erreur' },
} as const satisfies Record<string, Label>;

/** A key of the page's words. */
export type TextKey = keyof typeof texts;

/**
 * The page's word for `key` in `language`.
 *
 * @example
 * t('undo', 'fr'); // => 'Annuler la dernière étape'
 */
export function t(key: TextKey, language: Language): string {
  return texts[key][language];
}
