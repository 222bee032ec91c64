// Public API of the contracts domain.
export {};
