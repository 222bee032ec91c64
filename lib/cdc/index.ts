// Public API of the cdc domain.
export {};
