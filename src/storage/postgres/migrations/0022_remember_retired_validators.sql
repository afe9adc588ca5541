-- SPEC §1.2 theft detection reaches further back than the last rotation:
-- hash_hex of the validators rotated away before the previous one, newest
-- first, 64 characters each, concatenated and cut to the newest 32
-- (session/remember.h). Presenting any of them is theft.
ALTER TABLE remember_tokens ADD COLUMN retired_validator_hashes TEXT NOT NULL DEFAULT '';
