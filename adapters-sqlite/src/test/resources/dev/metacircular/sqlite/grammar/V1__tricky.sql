-- A script with what a naive split on ';' gets wrong; the whole of it must run.
CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT NOT NULL); -- a trailing comment; with a semicolon
CREATE TABLE log (note_id INTEGER NOT NULL);

/* A block comment; with semicolons; */
CREATE TRIGGER notes_logged AFTER INSERT ON notes
BEGIN
  INSERT INTO log (note_id) VALUES (new.id);
  SELECT 1;
END;

INSERT INTO notes (text) VALUES ('a; b');
INSERT INTO notes (text) VALUES ('it''s; fine');
INSERT INTO notes (text) VALUES ('after trigger')
