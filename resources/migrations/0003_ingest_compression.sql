-- Eos schema 3: alert bodies over ~2 KB are compressed with lz4 instead of pglz. Ingest compresses
-- about a quarter of Wazuh's alerts; lz4 does it several times faster (and decompresses faster for the
-- console's detail pane). Rows already stored keep their compression. A server without lz4 (or
-- older than 14) keeps the default.
DO $$
BEGIN
    EXECUTE 'ALTER TABLE alerts ALTER COLUMN raw SET COMPRESSION lz4';  -- EXECUTE: PostgreSQL < 14 cannot parse it
EXCEPTION WHEN feature_not_supported OR invalid_parameter_value OR syntax_error THEN
    RAISE NOTICE 'lz4 is not available on this server; alert bodies keep the default compression';
END $$;
