-- The baseline of the import benchmark: the sqlite3 shell loads the same CSV rows with .import
-- and spreads them into tables equivalent to linli's registry (same columns, keys and indexes,
-- without linli's counters, search index and validation). @CSV@ is replaced by bench/run.sh.
PRAGMA journal_mode = WAL;
PRAGMA synchronous = NORMAL;
PRAGMA cache_size = -2000000;
PRAGMA temp_store = MEMORY;
PRAGMA foreign_keys = ON;
CREATE TEMP TABLE staging (compound TEXT, building TEXT, unit TEXT, door TEXT, area REAL, name TEXT,
  id_number TEXT, sex TEXT, birth_date TEXT, phone TEXT, relation TEXT, is_owner TEXT);
.import --csv --skip 1 @CSV@ staging
BEGIN;
CREATE TABLE compounds (id INTEGER PRIMARY KEY, community_id INTEGER NOT NULL, name TEXT NOT NULL);
CREATE UNIQUE INDEX uq_compounds__name ON compounds(community_id, name);
CREATE TABLE buildings (id INTEGER PRIMARY KEY, compound_id INTEGER NOT NULL REFERENCES compounds(id),
  community_id INTEGER NOT NULL, name TEXT NOT NULL, grid_id INTEGER);
CREATE UNIQUE INDEX uq_buildings__name ON buildings(compound_id, name);
CREATE TABLE units (id INTEGER PRIMARY KEY, building_id INTEGER NOT NULL REFERENCES buildings(id),
  compound_id INTEGER NOT NULL, community_id INTEGER NOT NULL, name TEXT NOT NULL);
CREATE UNIQUE INDEX uq_units__name ON units(building_id, name);
CREATE TABLE households (id INTEGER PRIMARY KEY, unit_id INTEGER NOT NULL REFERENCES units(id),
  building_id INTEGER NOT NULL, compound_id INTEGER NOT NULL, community_id INTEGER NOT NULL, grid_id INTEGER,
  door TEXT NOT NULL, area_m2 REAL NOT NULL);
CREATE UNIQUE INDEX uq_households__door ON households(unit_id, door);
CREATE TABLE residents (id INTEGER PRIMARY KEY, household_id INTEGER NOT NULL REFERENCES households(id),
  community_id INTEGER NOT NULL, compound_id INTEGER NOT NULL, grid_id INTEGER, name TEXT NOT NULL,
  id_number TEXT NOT NULL, sex INTEGER NOT NULL, birth_date TEXT NOT NULL, phone TEXT NOT NULL,
  relation TEXT NOT NULL, is_owner INTEGER NOT NULL);
CREATE UNIQUE INDEX uq_residents__id_number ON residents(id_number) WHERE id_number <> '';

INSERT INTO compounds (community_id, name) SELECT DISTINCT 1, compound FROM staging;
INSERT INTO buildings (compound_id, community_id, name)
  SELECT DISTINCT c.id, 1, s.building FROM staging s JOIN compounds c ON c.community_id = 1 AND c.name = s.compound;
INSERT INTO units (building_id, compound_id, community_id, name)
  SELECT DISTINCT b.id, b.compound_id, 1, s.unit FROM staging s
  JOIN compounds c ON c.community_id = 1 AND c.name = s.compound
  JOIN buildings b ON b.compound_id = c.id AND b.name = s.building;
INSERT INTO households (unit_id, building_id, compound_id, community_id, door, area_m2)
  SELECT u.id, u.building_id, u.compound_id, 1, s.door, max(s.area) FROM staging s
  JOIN compounds c ON c.community_id = 1 AND c.name = s.compound
  JOIN buildings b ON b.compound_id = c.id AND b.name = s.building
  JOIN units u ON u.building_id = b.id AND u.name = s.unit
  GROUP BY u.id, s.door;
INSERT INTO residents (household_id, community_id, compound_id, name, id_number, sex, birth_date, phone, relation, is_owner)
  SELECT h.id, 1, h.compound_id, s.name, s.id_number, CASE s.sex WHEN '男' THEN 1 WHEN '女' THEN 2 ELSE 0 END,
         s.birth_date, s.phone, s.relation, s.is_owner = '是'
  FROM staging s
  JOIN compounds c ON c.community_id = 1 AND c.name = s.compound
  JOIN buildings b ON b.compound_id = c.id AND b.name = s.building
  JOIN units u ON u.building_id = b.id AND u.name = s.unit
  JOIN households h ON h.unit_id = u.id AND h.door = s.door;
-- secondary indexes after the bulk insert, as a careful bulk load does
CREATE INDEX ix_buildings_community ON buildings(community_id);
CREATE INDEX ix_buildings_grid ON buildings(grid_id);
CREATE INDEX ix_units_compound ON units(compound_id);
CREATE INDEX ix_units_community ON units(community_id);
CREATE INDEX ix_households_building ON households(building_id);
CREATE INDEX ix_households_compound ON households(compound_id);
CREATE INDEX ix_households_community ON households(community_id);
CREATE INDEX ix_households_grid ON households(grid_id);
CREATE INDEX ix_residents_household ON residents(household_id);
CREATE INDEX ix_residents_community ON residents(community_id);
CREATE INDEX ix_residents_compound ON residents(compound_id);
CREATE INDEX ix_residents_grid ON residents(grid_id);
CREATE INDEX ix_residents_phone ON residents(phone) WHERE phone <> '';
COMMIT;
SELECT (SELECT count(*) FROM households) || ' households, ' || (SELECT count(*) FROM residents) || ' residents';
