/** An input the user named that cannot be used: exit 2 with this one-line message. */
export class InputError extends Error {}
