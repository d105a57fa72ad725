-- The claim protocol of Idempotency-Key: the request that inserted a row owns it through claim_token (bind, complete
-- and release check it), and locked_until bounds how long an owner that never bound an analysis (crashed before
-- admission or submit) keeps the key: after it, the next request with the key takes the claim over.
ALTER TABLE idempotency_keys
    ADD COLUMN claim_token  uuid NOT NULL DEFAULT gen_random_uuid(),
    ADD COLUMN locked_until timestamptz NOT NULL DEFAULT now();
