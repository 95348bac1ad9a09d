-- The registry's data version. Every write to what the reports count (agencies, certificates,
-- devices, notices, acknowledgements) moves it on, inside the writing transaction. Figures cached
-- under a version (KV) are therefore exact for as long as the version stands: a write makes the
-- next read a miss, and nothing has to invalidate anything. Not in backups: a restore's own
-- writes move it on from where it is.
CREATE TABLE data_version (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  n  INTEGER NOT NULL
);
INSERT INTO data_version (id, n) VALUES (1, 0);

CREATE TRIGGER agencies_version_insert AFTER INSERT ON agencies BEGIN UPDATE data_version SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER agencies_version_update AFTER UPDATE ON agencies BEGIN UPDATE data_version SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER agencies_version_delete AFTER DELETE ON agencies BEGIN UPDATE data_version SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER certificates_version_insert AFTER INSERT ON certificates BEGIN UPDATE data_version SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER certificates_version_update AFTER UPDATE ON certificates BEGIN UPDATE data_version SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER certificates_version_delete AFTER DELETE ON certificates BEGIN UPDATE data_version SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER devices_version_insert AFTER INSERT ON devices BEGIN UPDATE data_version SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER devices_version_update AFTER UPDATE ON devices BEGIN UPDATE data_version SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER devices_version_delete AFTER DELETE ON devices BEGIN UPDATE data_version SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER notices_version_insert AFTER INSERT ON notices BEGIN UPDATE data_version SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER notices_version_update AFTER UPDATE ON notices BEGIN UPDATE data_version SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER notices_version_delete AFTER DELETE ON notices BEGIN UPDATE data_version SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER certificate_acks_version_insert AFTER INSERT ON certificate_acks BEGIN UPDATE data_version SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER certificate_acks_version_update AFTER UPDATE ON certificate_acks BEGIN UPDATE data_version SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER certificate_acks_version_delete AFTER DELETE ON certificate_acks BEGIN UPDATE data_version SET n = n + 1 WHERE id = 1; END;
