// The MUD bot: login dialogue, the game-text pattern table, world model, command queue, behaviours.
export * from './behavior.ts';
export * from './behaviors/index.ts';
export * from './bot-events.ts';
export * from './bot-factory.ts';
export * from './bot-metrics.ts';
export { Brain, PreemptedError } from './brain.ts';
export * from './command-queue.ts';
export {
  type Credentials,
  type DialogueStep,
  GAME_PROMPT,
  matchDialogue,
  parseVitals,
  ROM_DIALOGUE,
} from './dialogue.ts';
export * from './fight-tracker.ts';
export { GameReader } from './game-reader.ts';
export * from './liveness.ts';
export {
  type FightOutcome,
  MudBot,
  type MudBotInit,
  type MudBotMeta,
  type MudBotStats,
  type RoomView,
} from './mud-bot.ts';
export * from './options.ts';
export * from './patterns.ts';
export { RoomBlock, splitTitle } from './room-block.ts';
export * from './transcript.ts';
export {
  checkRomName,
  checkRomPassword,
  MUD_BOT_OPTION_KEYS,
  type MudBotValidationContext,
  validateMudBotOptions,
} from './validate-options.ts';
export * from './world.ts';
