-- Profiles saved before the directory get their random public id (see member_profiles.public_id).
UPDATE member_profiles SET public_id = lower(hex(randomblob(10))) WHERE public_id IS NULL;
