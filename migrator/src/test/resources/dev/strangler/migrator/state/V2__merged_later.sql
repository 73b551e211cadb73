-- A script merged in from a parallel branch after V3 was applied (StateSchemaTest).
CREATE TABLE strangler.merged_later (id integer PRIMARY KEY);
