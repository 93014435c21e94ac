export { type Credentials, GAME_PROMPT, matchDialogue, parseVitals, ROM_DIALOGUE } from './dialogue.ts';
export { type FightOutcome, MudBot, type MudBotOptions, type MudBotStats, type RoomView } from './mud-bot.ts';
