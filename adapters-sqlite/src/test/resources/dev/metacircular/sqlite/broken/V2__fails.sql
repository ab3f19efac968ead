CREATE TABLE half_done (id INTEGER PRIMARY KEY);
INSERT INTO no_such_table (x) VALUES (1);
