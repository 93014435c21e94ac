export { type Credentials, GAME_PROMPT, matchDialogue, parseVitals, ROM_DIALOGUE } from './dialogue.ts';
export { type FightOutcome, MudBot, type MudBotOptions, type MudBotStats, type RoomView } from './mud-bot.ts';
export {
  checkRomName,
  checkRomPassword,
  MUD_BOT_OPTION_KEYS,
  type MudBotValidationContext,
  validateMudBotOptions,
} from './validate-options.ts';
