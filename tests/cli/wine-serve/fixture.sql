-- The winestore schema as wine-db creates it (version 1), with small,
-- fixed data so transcripts are exact.
PRAGMA journal_mode = WAL;
CREATE TABLE media_object (id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, file_path VARCHAR(255) DEFAULT NULL);
CREATE TABLE wine (id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, image_id INTEGER DEFAULT NULL, name VARCHAR(255) NOT NULL, description VARCHAR(255) NOT NULL, stock INTEGER NOT NULL, price DOUBLE PRECISION NOT NULL, CONSTRAINT FK_560C64683DA5256D FOREIGN KEY (image_id) REFERENCES media_object (id) NOT DEFERRABLE INITIALLY IMMEDIATE);
CREATE INDEX IDX_560C64683DA5256D ON wine (image_id);
CREATE TABLE comment (id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, wine_id INTEGER NOT NULL, text VARCHAR(255) NOT NULL, created_at DATETIME NOT NULL, CONSTRAINT FK_9474526C28A2BD76 FOREIGN KEY (wine_id) REFERENCES wine (id) ON DELETE CASCADE NOT DEFERRABLE INITIALLY IMMEDIATE);
CREATE INDEX IDX_9474526C28A2BD76 ON comment (wine_id);
PRAGMA user_version = 1;
INSERT INTO media_object (file_path) VALUES ('wine1.png'), ('wine2.png'), (NULL);
INSERT INTO wine (image_id, name, description, stock, price) VALUES
 (2, 'Prof. Cordie Kuhlman', 'Et dolor quia & "fine" <red>.', 37, 14.63),
 (1, 'Dr. Aliyah Ratke', 'Crisp, dry/light.', 0, 12.0),
 (NULL, 'Château Müller', 'Élevé en fût.', 5, 19.99),
 (1, 'Mr. Ratke Junior', 'Soft.', 100, 2.5);
INSERT INTO comment (wine_id, text, created_at) VALUES
 (1, 'Quia nice.', '2020-03-28 14:21:09'),
 (1, 'Second thoughts.', '2020-03-29 08:00:00'),
 (3, 'Très bon.', '2021-01-02 03:04:05');
