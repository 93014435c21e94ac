// Behaviour and profile names (#12 item 4): the built-in names complete in an editor (a union with
// `string & {}` keeps the literals instead of collapsing to `string`), any other string still type-checks
// (another engine's behaviours, a user's profiles), and a name the run does not know is refused before
// any client process starts, listing the valid ones.
import { describe, expect, expectTypeOf, it } from 'vitest';
import { GAME_BEHAVIORS, type GameBehavior, type GameBehaviorName } from '../../src/game/process-spec.ts';
import { validateClientsOptions } from '../../src/game/session-options.ts';
import {
  BUILT_IN_PROFILE_NAMES,
  type BuiltInProfileName,
  builtInProfiles,
  type ProfileName,
} from '../../src/impair/profiles.ts';

describe('behaviour and profile names', () => {
  it('keep their literal members for completion and still accept any string', () => {
    expectTypeOf<GameBehaviorName>().not.toEqualTypeOf<string>();
    expectTypeOf<GameBehavior>().toExtend<GameBehaviorName>();
    expectTypeOf<'my_engine_behaviour'>().toExtend<GameBehaviorName>();
    expectTypeOf<ProfileName>().not.toEqualTypeOf<string>();
    expectTypeOf<BuiltInProfileName>().toExtend<ProfileName>();
    expectTypeOf<'my_profile'>().toExtend<ProfileName>();
    expectTypeOf<Extract<ProfileName, 'wifi_bad'>>().toEqualTypeOf<'wifi_bad'>();
    expectTypeOf<Extract<GameBehaviorName, 'churn'>>().toEqualTypeOf<'churn'>();
  });

  it('the profile name list is exactly the built-in profiles, in order', () => {
    expect(builtInProfiles().map((p) => p.name)).toEqual([...BUILT_IN_PROFILE_NAMES]);
  });

  it('an unknown behaviour or profile is refused with the valid names', () => {
    const problems = validateClientsOptions(
      2,
      { behavior: 'moonwalk', profile: 'wifi_gud' },
      { behaviors: GAME_BEHAVIORS, hasNetwork: true, profiles: [...BUILT_IN_PROFILE_NAMES] },
    );
    expect(problems.map((p) => p.path)).toEqual(['behavior', 'profile']);
    expect(problems[0].message).toContain(`valid: ${GAME_BEHAVIORS.join(', ')}`);
    expect(problems[1].message).toContain("did you mean 'wifi_good'?");
    expect(problems[1].message).toContain(`valid: ${BUILT_IN_PROFILE_NAMES.join(', ')}`);
  });
});
