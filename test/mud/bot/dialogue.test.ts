import { describe, expect, it } from 'vitest';
import { hasErrorCode } from '../../../src/errors.ts';
import { matchDialogue, parseVitals } from '../../../src/mud/bot/dialogue.ts';
import { botName } from '../../../src/mud/bot/index.ts';

const creds = { name: 'Probe', password: 'secret1' };

function answerTo(
  text: string,
  c: Parameters<NonNullable<ReturnType<typeof matchDialogue>>['answer']>[0] = creds,
) {
  const step = matchDialogue(text);
  return step ? step.answer(c) : undefined;
}

describe('ROM login dialogue', () => {
  it('answers each prompt of the Mud98 creation order', () => {
    expect(answerTo('By what name do you wish to be known?')).toBe('Probe');
    expect(answerTo('Did I get that right, Probe (Y/N)? ')).toBe('y');
    expect(answerTo('Give me a password for Probe: ')).toBe('secret1');
    expect(answerTo('Please retype password: ')).toBe('secret1');
    expect(answerTo('What is your race (help for more information)? ')).toBe('human');
    expect(answerTo('What is your sex (M/F)? ')).toBe('m');
    expect(answerTo('Select a class [mage cleric thief warrior]: ')).toBe('warrior');
    expect(answerTo('Which alignment (G/N/E)? ')).toBe('n');
    expect(answerTo('Customize (Y/N)? ')).toBe('n');
    expect(answerTo('Your choice? ')).toBe('sword');
    expect(answerTo('[Hit Return to continue]')).toBe('');
    expect(answerTo('Password: ')).toBe('secret1');
    expect(answerTo('<20hp 100m 100mv> ')).toEqual({ done: true });
  });

  it('fails with a code on a wrong password or an unknown character when creation is off', () => {
    const wrong = answerTo('Wrong password.') as { fail: Error };
    expect(hasErrorCode(wrong.fail, 'ERR_MUD_LOGIN_FAILED')).toBe(true);
    const unknown = answerTo('Did I get that right, Probe (Y/N)? ', { ...creds, create: false }) as {
      fail: Error;
    };
    expect(hasErrorCode(unknown.fail, 'ERR_MUD_LOGIN_FAILED')).toBe(true);
    expect(answerTo('You are in a maze of twisty passages.')).toBeUndefined();
  });

  it('reads vitals from the game prompt, including negative hit points', () => {
    expect(parseVitals('<20hp 100m 99mv> ')).toEqual({ hp: 20, mana: 100, move: 99 });
    expect(parseVitals('<-3hp 0m 12mv> ')).toEqual({ hp: -3, mana: 0, move: 12 });
    expect(parseVitals('no prompt here')).toBeUndefined();
  });

  it('makes unique letters-only bot names', () => {
    const names = Array.from({ length: 40 }, (_, i) => botName(i));
    expect(new Set(names).size).toBe(40);
    for (const n of names) expect(n).toMatch(/^[A-Za-z]+$/);
  });
});
