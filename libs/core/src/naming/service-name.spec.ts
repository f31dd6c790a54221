import { MAX_SERVICE_NAME_LENGTH } from './aws-names';
import { validateServiceName } from './service-name';

describe('validateServiceName', () => {
  it.each(['orders', 'a', 'payment-api', 'svc2', 'a1-b2-c3', 'a'.repeat(MAX_SERVICE_NAME_LENGTH)])(
    'accepts %s',
    (name) => {
      expect(validateServiceName(name)).toBeUndefined();
    },
  );

  it.each([
    ['Orders', 'uppercase'],
    ['1orders', 'start with a letter'],
    ['-orders', 'start with a letter'],
    ['orders-', 'end with a hyphen'],
    ['order--api', 'two hyphens'],
    ['my_service', '"_"'],
    ['my service', '" "'],
    ['apps/orders', '"/"'],
    ['orders.api', '"."'],
    ['', 'empty'],
  ])('refuses %j and says why (%s)', (name, why) => {
    const message = validateServiceName(name);
    expect(message).toContain(why);
    expect(message).toContain('Use lowercase letters, digits and single hyphens');
  });

  it('refuses a name one character over the computed limit, saying the limit', () => {
    const message = validateServiceName('a'.repeat(MAX_SERVICE_NAME_LENGTH + 1));
    expect(message).toContain(`the limit is ${MAX_SERVICE_NAME_LENGTH}`);
    expect(message).toContain('ALB target group');
    expect(message).toContain('Choose a shorter name');
  });

  it('reports a missing name', () => {
    expect(validateServiceName(undefined)).toMatch(/missing/);
  });
});
