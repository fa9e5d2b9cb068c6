// The profile schema is part of the contract (faces validate forms with it); the engine re-exports it.
export * from '../../contract/profile.js';
