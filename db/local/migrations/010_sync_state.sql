-- 010: sync bookkeeping. The push queue is every outbox row the central has not acknowledged,
-- including dead letters the central has not yet recorded as refused (they are sent as "skip"
-- entries so the gapless device_seq never wedges). This index serves that scan.
CREATE INDEX outbox_unsent ON outbox (device_seq) WHERE sent_at IS NULL;
