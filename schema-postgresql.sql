-- Buildbot 4.3's schema on PostgreSQL (alembic revision 067), as `buildbot
-- create-master` makes it with a postgresql:// db_url: taken from pg_dump
-- --schema-only of such a database (comments, session settings and the
-- schema name removed, so that it lands in the connection's current
-- schema), plus the alembic_version row. `bb db init` runs it; a test
-- compares its catalog with what Buildbot makes.

CREATE TABLE alembic_version (
    version_num character varying(32) NOT NULL
);

CREATE TABLE build_data (
    id integer NOT NULL,
    buildid integer NOT NULL,
    name character varying(256) NOT NULL,
    value bytea NOT NULL,
    length integer NOT NULL,
    source character varying(256) NOT NULL
);

CREATE SEQUENCE build_data_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE build_data_id_seq OWNED BY build_data.id;

CREATE TABLE build_properties (
    buildid integer NOT NULL,
    name character varying(256) NOT NULL,
    value text NOT NULL,
    source character varying(256) NOT NULL
);

CREATE TABLE builder_masters (
    id integer NOT NULL,
    builderid integer NOT NULL,
    masterid integer NOT NULL
);

CREATE SEQUENCE builder_masters_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE builder_masters_id_seq OWNED BY builder_masters.id;

CREATE TABLE builders (
    id integer NOT NULL,
    name text NOT NULL,
    description text,
    description_format text,
    description_html text,
    projectid integer,
    name_hash character varying(40) NOT NULL
);

CREATE SEQUENCE builders_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE builders_id_seq OWNED BY builders.id;

CREATE TABLE builders_tags (
    id integer NOT NULL,
    builderid integer NOT NULL,
    tagid integer NOT NULL
);

CREATE SEQUENCE builders_tags_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE builders_tags_id_seq OWNED BY builders_tags.id;

CREATE TABLE buildrequest_claims (
    brid integer NOT NULL,
    masterid integer NOT NULL,
    claimed_at integer NOT NULL
);

CREATE TABLE buildrequests (
    id integer NOT NULL,
    buildsetid integer NOT NULL,
    builderid integer NOT NULL,
    priority integer DEFAULT 0 NOT NULL,
    complete integer DEFAULT 0,
    results smallint,
    submitted_at integer NOT NULL,
    complete_at integer,
    waited_for smallint DEFAULT '0'::smallint
);

CREATE SEQUENCE buildrequests_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE buildrequests_id_seq OWNED BY buildrequests.id;

CREATE TABLE builds (
    id integer NOT NULL,
    number integer NOT NULL,
    builderid integer NOT NULL,
    buildrequestid integer NOT NULL,
    workerid integer,
    masterid integer NOT NULL,
    started_at integer NOT NULL,
    complete_at integer,
    locks_duration_s integer NOT NULL,
    state_string text NOT NULL,
    results integer
);

CREATE SEQUENCE builds_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE builds_id_seq OWNED BY builds.id;

CREATE TABLE buildset_properties (
    buildsetid integer NOT NULL,
    property_name character varying(256) NOT NULL,
    property_value text NOT NULL
);

CREATE TABLE buildset_sourcestamps (
    id integer NOT NULL,
    buildsetid integer NOT NULL,
    sourcestampid integer NOT NULL
);

CREATE SEQUENCE buildset_sourcestamps_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE buildset_sourcestamps_id_seq OWNED BY buildset_sourcestamps.id;

CREATE TABLE buildsets (
    id integer NOT NULL,
    external_idstring character varying(256),
    reason character varying(256),
    submitted_at integer NOT NULL,
    complete smallint DEFAULT '0'::smallint NOT NULL,
    complete_at integer,
    results smallint,
    parent_buildid integer,
    parent_relationship text,
    rebuilt_buildid integer
);

CREATE SEQUENCE buildsets_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE buildsets_id_seq OWNED BY buildsets.id;

CREATE TABLE change_files (
    changeid integer NOT NULL,
    filename character varying(1024) NOT NULL
);

CREATE TABLE change_properties (
    changeid integer NOT NULL,
    property_name character varying(256) NOT NULL,
    property_value text NOT NULL
);

CREATE TABLE change_users (
    changeid integer NOT NULL,
    uid integer NOT NULL
);

CREATE TABLE changes (
    changeid integer NOT NULL,
    author character varying(255) NOT NULL,
    committer character varying(255),
    comments text NOT NULL,
    branch character varying(255),
    revision character varying(255),
    revlink character varying(256),
    when_timestamp integer NOT NULL,
    category character varying(255),
    repository character varying(512) DEFAULT ''::character varying NOT NULL,
    codebase character varying(256) DEFAULT ''::character varying NOT NULL,
    project character varying(512) DEFAULT ''::character varying NOT NULL,
    sourcestampid integer NOT NULL,
    parent_changeids integer
);

CREATE SEQUENCE changes_changeid_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE changes_changeid_seq OWNED BY changes.changeid;

CREATE TABLE changesource_masters (
    changesourceid integer NOT NULL,
    masterid integer NOT NULL
);

CREATE TABLE changesources (
    id integer NOT NULL,
    name text NOT NULL,
    name_hash character varying(40) NOT NULL
);

CREATE SEQUENCE changesources_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE changesources_id_seq OWNED BY changesources.id;

CREATE TABLE codebase_branches (
    id integer NOT NULL,
    codebaseid integer NOT NULL,
    name character varying(255) NOT NULL,
    name_hash character varying(40) NOT NULL,
    commitid integer,
    last_timestamp integer NOT NULL
);

CREATE SEQUENCE codebase_branches_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE codebase_branches_id_seq OWNED BY codebase_branches.id;

CREATE TABLE codebase_commits (
    id integer NOT NULL,
    codebaseid integer NOT NULL,
    author character varying(255) NOT NULL,
    committer character varying(255),
    comments text NOT NULL,
    when_timestamp integer NOT NULL,
    revision character varying(70) NOT NULL,
    parent_commitid integer
);

CREATE SEQUENCE codebase_commits_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE codebase_commits_id_seq OWNED BY codebase_commits.id;

CREATE TABLE codebases (
    id integer NOT NULL,
    projectid integer NOT NULL,
    name text NOT NULL,
    name_hash character varying(40) NOT NULL,
    slug character varying(50) NOT NULL
);

CREATE SEQUENCE codebases_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE codebases_id_seq OWNED BY codebases.id;

CREATE TABLE configured_workers (
    id integer NOT NULL,
    buildermasterid integer NOT NULL,
    workerid integer NOT NULL
);

CREATE SEQUENCE configured_workers_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE configured_workers_id_seq OWNED BY configured_workers.id;

CREATE TABLE connected_workers (
    id integer NOT NULL,
    masterid integer NOT NULL,
    workerid integer NOT NULL
);

CREATE SEQUENCE connected_workers_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE connected_workers_id_seq OWNED BY connected_workers.id;

CREATE TABLE logchunks (
    logid integer NOT NULL,
    first_line integer NOT NULL,
    last_line integer NOT NULL,
    content bytea,
    compressed smallint NOT NULL
);

CREATE TABLE logs (
    id integer NOT NULL,
    name text NOT NULL,
    slug character varying(50) NOT NULL,
    stepid integer NOT NULL,
    complete smallint NOT NULL,
    num_lines integer NOT NULL,
    type character varying(1) NOT NULL
);

CREATE SEQUENCE logs_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE logs_id_seq OWNED BY logs.id;

CREATE TABLE masters (
    id integer NOT NULL,
    name text NOT NULL,
    name_hash character varying(40) NOT NULL,
    active integer NOT NULL,
    last_active integer NOT NULL
);

CREATE SEQUENCE masters_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE masters_id_seq OWNED BY masters.id;

CREATE TABLE object_state (
    objectid integer NOT NULL,
    name character varying(255) NOT NULL,
    value_json text NOT NULL
);

CREATE TABLE objects (
    id integer NOT NULL,
    name character varying(128) NOT NULL,
    class_name character varying(128) NOT NULL
);

CREATE SEQUENCE objects_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE objects_id_seq OWNED BY objects.id;

CREATE TABLE patches (
    id integer NOT NULL,
    patchlevel integer NOT NULL,
    patch_base64 text NOT NULL,
    patch_author text NOT NULL,
    patch_comment text NOT NULL,
    subdir text
);

CREATE SEQUENCE patches_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE patches_id_seq OWNED BY patches.id;

CREATE TABLE projects (
    id integer NOT NULL,
    name text NOT NULL,
    name_hash character varying(40) NOT NULL,
    slug character varying(50) NOT NULL,
    description text,
    description_format text,
    description_html text
);

CREATE SEQUENCE projects_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE projects_id_seq OWNED BY projects.id;

CREATE TABLE scheduler_changes (
    schedulerid integer NOT NULL,
    changeid integer NOT NULL,
    important integer
);

CREATE TABLE scheduler_masters (
    schedulerid integer NOT NULL,
    masterid integer NOT NULL
);

CREATE TABLE schedulers (
    id integer NOT NULL,
    name text NOT NULL,
    name_hash character varying(40) NOT NULL,
    enabled smallint DEFAULT '1'::smallint
);

CREATE SEQUENCE schedulers_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE schedulers_id_seq OWNED BY schedulers.id;

CREATE TABLE sourcestamps (
    id integer NOT NULL,
    ss_hash character varying(40) NOT NULL,
    branch character varying(256),
    revision character varying(256),
    patchid integer,
    repository character varying(512) DEFAULT ''::character varying NOT NULL,
    codebase character varying(256) DEFAULT ''::character varying NOT NULL,
    project character varying(512) DEFAULT ''::character varying NOT NULL,
    created_at integer NOT NULL
);

CREATE SEQUENCE sourcestamps_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE sourcestamps_id_seq OWNED BY sourcestamps.id;

CREATE TABLE steps (
    id integer NOT NULL,
    number integer NOT NULL,
    name character varying(50) NOT NULL,
    buildid integer NOT NULL,
    started_at integer,
    locks_acquired_at integer,
    complete_at integer,
    state_string text NOT NULL,
    results integer,
    urls_json text NOT NULL,
    hidden smallint DEFAULT '0'::smallint NOT NULL
);

CREATE SEQUENCE steps_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE steps_id_seq OWNED BY steps.id;

CREATE TABLE tags (
    id integer NOT NULL,
    name text NOT NULL,
    name_hash character varying(40) NOT NULL
);

CREATE SEQUENCE tags_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE tags_id_seq OWNED BY tags.id;

CREATE TABLE test_code_paths (
    id integer NOT NULL,
    builderid integer NOT NULL,
    path text NOT NULL
);

CREATE SEQUENCE test_code_paths_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE test_code_paths_id_seq OWNED BY test_code_paths.id;

CREATE TABLE test_names (
    id integer NOT NULL,
    builderid integer NOT NULL,
    name text NOT NULL
);

CREATE SEQUENCE test_names_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE test_names_id_seq OWNED BY test_names.id;

CREATE TABLE test_result_sets (
    id integer NOT NULL,
    builderid integer NOT NULL,
    buildid integer NOT NULL,
    stepid integer NOT NULL,
    description text,
    category text NOT NULL,
    value_unit text NOT NULL,
    tests_passed integer,
    tests_failed integer,
    complete smallint NOT NULL
);

CREATE SEQUENCE test_result_sets_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE test_result_sets_id_seq OWNED BY test_result_sets.id;

CREATE TABLE test_results (
    id integer NOT NULL,
    builderid integer NOT NULL,
    test_result_setid integer NOT NULL,
    test_nameid integer,
    test_code_pathid integer,
    line integer,
    duration_ns integer,
    value text NOT NULL
);

CREATE SEQUENCE test_results_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE test_results_id_seq OWNED BY test_results.id;

CREATE TABLE users (
    uid integer NOT NULL,
    identifier character varying(255) NOT NULL,
    bb_username character varying(128),
    bb_password character varying(128)
);

CREATE TABLE users_info (
    uid integer NOT NULL,
    attr_type character varying(128) NOT NULL,
    attr_data character varying(128) NOT NULL
);

CREATE SEQUENCE users_uid_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE users_uid_seq OWNED BY users.uid;

CREATE TABLE workers (
    id integer NOT NULL,
    name character varying(50) NOT NULL,
    info text NOT NULL,
    paused smallint DEFAULT '0'::smallint NOT NULL,
    pause_reason text,
    graceful smallint DEFAULT '0'::smallint NOT NULL
);

CREATE SEQUENCE workers_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE workers_id_seq OWNED BY workers.id;

ALTER TABLE ONLY build_data ALTER COLUMN id SET DEFAULT nextval('build_data_id_seq'::regclass);

ALTER TABLE ONLY builder_masters ALTER COLUMN id SET DEFAULT nextval('builder_masters_id_seq'::regclass);

ALTER TABLE ONLY builders ALTER COLUMN id SET DEFAULT nextval('builders_id_seq'::regclass);

ALTER TABLE ONLY builders_tags ALTER COLUMN id SET DEFAULT nextval('builders_tags_id_seq'::regclass);

ALTER TABLE ONLY buildrequests ALTER COLUMN id SET DEFAULT nextval('buildrequests_id_seq'::regclass);

ALTER TABLE ONLY builds ALTER COLUMN id SET DEFAULT nextval('builds_id_seq'::regclass);

ALTER TABLE ONLY buildset_sourcestamps ALTER COLUMN id SET DEFAULT nextval('buildset_sourcestamps_id_seq'::regclass);

ALTER TABLE ONLY buildsets ALTER COLUMN id SET DEFAULT nextval('buildsets_id_seq'::regclass);

ALTER TABLE ONLY changes ALTER COLUMN changeid SET DEFAULT nextval('changes_changeid_seq'::regclass);

ALTER TABLE ONLY changesources ALTER COLUMN id SET DEFAULT nextval('changesources_id_seq'::regclass);

ALTER TABLE ONLY codebase_branches ALTER COLUMN id SET DEFAULT nextval('codebase_branches_id_seq'::regclass);

ALTER TABLE ONLY codebase_commits ALTER COLUMN id SET DEFAULT nextval('codebase_commits_id_seq'::regclass);

ALTER TABLE ONLY codebases ALTER COLUMN id SET DEFAULT nextval('codebases_id_seq'::regclass);

ALTER TABLE ONLY configured_workers ALTER COLUMN id SET DEFAULT nextval('configured_workers_id_seq'::regclass);

ALTER TABLE ONLY connected_workers ALTER COLUMN id SET DEFAULT nextval('connected_workers_id_seq'::regclass);

ALTER TABLE ONLY logs ALTER COLUMN id SET DEFAULT nextval('logs_id_seq'::regclass);

ALTER TABLE ONLY masters ALTER COLUMN id SET DEFAULT nextval('masters_id_seq'::regclass);

ALTER TABLE ONLY objects ALTER COLUMN id SET DEFAULT nextval('objects_id_seq'::regclass);

ALTER TABLE ONLY patches ALTER COLUMN id SET DEFAULT nextval('patches_id_seq'::regclass);

ALTER TABLE ONLY projects ALTER COLUMN id SET DEFAULT nextval('projects_id_seq'::regclass);

ALTER TABLE ONLY schedulers ALTER COLUMN id SET DEFAULT nextval('schedulers_id_seq'::regclass);

ALTER TABLE ONLY sourcestamps ALTER COLUMN id SET DEFAULT nextval('sourcestamps_id_seq'::regclass);

ALTER TABLE ONLY steps ALTER COLUMN id SET DEFAULT nextval('steps_id_seq'::regclass);

ALTER TABLE ONLY tags ALTER COLUMN id SET DEFAULT nextval('tags_id_seq'::regclass);

ALTER TABLE ONLY test_code_paths ALTER COLUMN id SET DEFAULT nextval('test_code_paths_id_seq'::regclass);

ALTER TABLE ONLY test_names ALTER COLUMN id SET DEFAULT nextval('test_names_id_seq'::regclass);

ALTER TABLE ONLY test_result_sets ALTER COLUMN id SET DEFAULT nextval('test_result_sets_id_seq'::regclass);

ALTER TABLE ONLY test_results ALTER COLUMN id SET DEFAULT nextval('test_results_id_seq'::regclass);

ALTER TABLE ONLY users ALTER COLUMN uid SET DEFAULT nextval('users_uid_seq'::regclass);

ALTER TABLE ONLY workers ALTER COLUMN id SET DEFAULT nextval('workers_id_seq'::regclass);

ALTER TABLE ONLY alembic_version
    ADD CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num);

ALTER TABLE ONLY build_data
    ADD CONSTRAINT build_data_pkey PRIMARY KEY (id);

ALTER TABLE ONLY builder_masters
    ADD CONSTRAINT builder_masters_pkey PRIMARY KEY (id);

ALTER TABLE ONLY builders
    ADD CONSTRAINT builders_pkey PRIMARY KEY (id);

ALTER TABLE ONLY builders_tags
    ADD CONSTRAINT builders_tags_pkey PRIMARY KEY (id);

ALTER TABLE ONLY buildrequests
    ADD CONSTRAINT buildrequests_pkey PRIMARY KEY (id);

ALTER TABLE ONLY builds
    ADD CONSTRAINT builds_pkey PRIMARY KEY (id);

ALTER TABLE ONLY buildset_sourcestamps
    ADD CONSTRAINT buildset_sourcestamps_pkey PRIMARY KEY (id);

ALTER TABLE ONLY buildsets
    ADD CONSTRAINT buildsets_pkey PRIMARY KEY (id);

ALTER TABLE ONLY changes
    ADD CONSTRAINT changes_pkey PRIMARY KEY (changeid);

ALTER TABLE ONLY changesource_masters
    ADD CONSTRAINT changesource_masters_pkey PRIMARY KEY (changesourceid);

ALTER TABLE ONLY changesources
    ADD CONSTRAINT changesources_pkey PRIMARY KEY (id);

ALTER TABLE ONLY codebase_branches
    ADD CONSTRAINT codebase_branches_pkey PRIMARY KEY (id);

ALTER TABLE ONLY codebase_commits
    ADD CONSTRAINT codebase_commits_pkey PRIMARY KEY (id);

ALTER TABLE ONLY codebases
    ADD CONSTRAINT codebases_pkey PRIMARY KEY (id);

ALTER TABLE ONLY configured_workers
    ADD CONSTRAINT configured_workers_pkey PRIMARY KEY (id);

ALTER TABLE ONLY connected_workers
    ADD CONSTRAINT connected_workers_pkey PRIMARY KEY (id);

ALTER TABLE ONLY logs
    ADD CONSTRAINT logs_pkey PRIMARY KEY (id);

ALTER TABLE ONLY masters
    ADD CONSTRAINT masters_pkey PRIMARY KEY (id);

ALTER TABLE ONLY objects
    ADD CONSTRAINT objects_pkey PRIMARY KEY (id);

ALTER TABLE ONLY patches
    ADD CONSTRAINT patches_pkey PRIMARY KEY (id);

ALTER TABLE ONLY projects
    ADD CONSTRAINT projects_pkey PRIMARY KEY (id);

ALTER TABLE ONLY scheduler_masters
    ADD CONSTRAINT scheduler_masters_pkey PRIMARY KEY (schedulerid);

ALTER TABLE ONLY schedulers
    ADD CONSTRAINT schedulers_pkey PRIMARY KEY (id);

ALTER TABLE ONLY sourcestamps
    ADD CONSTRAINT sourcestamps_pkey PRIMARY KEY (id);

ALTER TABLE ONLY steps
    ADD CONSTRAINT steps_pkey PRIMARY KEY (id);

ALTER TABLE ONLY tags
    ADD CONSTRAINT tags_pkey PRIMARY KEY (id);

ALTER TABLE ONLY test_code_paths
    ADD CONSTRAINT test_code_paths_pkey PRIMARY KEY (id);

ALTER TABLE ONLY test_names
    ADD CONSTRAINT test_names_pkey PRIMARY KEY (id);

ALTER TABLE ONLY test_result_sets
    ADD CONSTRAINT test_result_sets_pkey PRIMARY KEY (id);

ALTER TABLE ONLY test_results
    ADD CONSTRAINT test_results_pkey PRIMARY KEY (id);

ALTER TABLE ONLY users
    ADD CONSTRAINT users_pkey PRIMARY KEY (uid);

ALTER TABLE ONLY workers
    ADD CONSTRAINT workers_pkey PRIMARY KEY (id);

CREATE UNIQUE INDEX build_data_buildid_name ON build_data USING btree (buildid, name);

CREATE INDEX build_properties_buildid ON build_properties USING btree (buildid);

CREATE INDEX builder_masters_builderid ON builder_masters USING btree (builderid);

CREATE UNIQUE INDEX builder_masters_identity ON builder_masters USING btree (builderid, masterid);

CREATE INDEX builder_masters_masterid ON builder_masters USING btree (masterid);

CREATE UNIQUE INDEX builder_name_hash ON builders USING btree (name_hash);

CREATE INDEX builders_projectid ON builders USING btree (projectid);

CREATE INDEX builders_tags_builderid ON builders_tags USING btree (builderid);

CREATE UNIQUE INDEX builders_tags_unique ON builders_tags USING btree (builderid, tagid);

CREATE UNIQUE INDEX buildrequest_claims_brids ON buildrequest_claims USING btree (brid);

CREATE INDEX buildrequests_builderid ON buildrequests USING btree (builderid);

CREATE INDEX buildrequests_buildsetid ON buildrequests USING btree (buildsetid);

CREATE INDEX buildrequests_complete ON buildrequests USING btree (complete);

CREATE INDEX builds_buildrequestid ON builds USING btree (buildrequestid);

CREATE INDEX builds_masterid ON builds USING btree (masterid);

CREATE UNIQUE INDEX builds_number ON builds USING btree (builderid, number);

CREATE INDEX builds_workerid ON builds USING btree (workerid);

CREATE INDEX buildset_properties_buildsetid ON buildset_properties USING btree (buildsetid);

CREATE INDEX buildset_sourcestamps_buildsetid ON buildset_sourcestamps USING btree (buildsetid);

CREATE UNIQUE INDEX buildset_sourcestamps_unique ON buildset_sourcestamps USING btree (buildsetid, sourcestampid);

CREATE INDEX buildsets_complete ON buildsets USING btree (complete);

CREATE INDEX buildsets_submitted_at ON buildsets USING btree (submitted_at);

CREATE INDEX change_files_changeid ON change_files USING btree (changeid);

CREATE INDEX change_properties_changeid ON change_properties USING btree (changeid);

CREATE INDEX change_users_changeid ON change_users USING btree (changeid);

CREATE INDEX changes_author ON changes USING btree (author);

CREATE INDEX changes_branch ON changes USING btree (branch);

CREATE INDEX changes_category ON changes USING btree (category);

CREATE INDEX changes_revision ON changes USING btree (revision);

CREATE INDEX changes_sourcestampid ON changes USING btree (sourcestampid);

CREATE INDEX changes_when_timestamp ON changes USING btree (when_timestamp);

CREATE UNIQUE INDEX changesource_name_hash ON changesources USING btree (name_hash);

CREATE UNIQUE INDEX codebase_branches_unique ON codebase_branches USING btree (codebaseid, name_hash);

CREATE UNIQUE INDEX codebase_commits_unique ON codebase_commits USING btree (codebaseid, revision);

CREATE UNIQUE INDEX codebases_projects_name_hash ON codebases USING btree (projectid, name_hash);

CREATE INDEX configured_workers_buildmasterid ON configured_workers USING btree (buildermasterid);

CREATE UNIQUE INDEX configured_workers_identity ON configured_workers USING btree (buildermasterid, workerid);

CREATE INDEX configured_workers_workers ON configured_workers USING btree (workerid);

CREATE UNIQUE INDEX connected_workers_identity ON connected_workers USING btree (masterid, workerid);

CREATE INDEX connected_workers_masterid ON connected_workers USING btree (masterid);

CREATE INDEX connected_workers_workers ON connected_workers USING btree (workerid);

CREATE INDEX ix_buildrequest_claims_masterid ON buildrequest_claims USING btree (masterid);

CREATE INDEX logchunks_firstline ON logchunks USING btree (logid, first_line);

CREATE INDEX logchunks_lastline ON logchunks USING btree (logid, last_line);

CREATE UNIQUE INDEX logs_slug ON logs USING btree (stepid, slug);

CREATE UNIQUE INDEX master_name_hashes ON masters USING btree (name_hash);

CREATE UNIQUE INDEX name_per_object ON object_state USING btree (objectid, name);

CREATE UNIQUE INDEX object_identity ON objects USING btree (name, class_name);

CREATE UNIQUE INDEX projects_name_hash ON projects USING btree (name_hash);

CREATE INDEX scheduler_changes_changeid ON scheduler_changes USING btree (changeid);

CREATE INDEX scheduler_changes_schedulerid ON scheduler_changes USING btree (schedulerid);

CREATE UNIQUE INDEX scheduler_changes_unique ON scheduler_changes USING btree (schedulerid, changeid);

CREATE UNIQUE INDEX scheduler_name_hash ON schedulers USING btree (name_hash);

CREATE UNIQUE INDEX sourcestamps_ss_hash_key ON sourcestamps USING btree (ss_hash);

CREATE UNIQUE INDEX steps_name ON steps USING btree (buildid, name);

CREATE UNIQUE INDEX steps_number ON steps USING btree (buildid, number);

CREATE INDEX steps_started_at ON steps USING btree (started_at);

CREATE UNIQUE INDEX tag_name_hash ON tags USING btree (name_hash);

CREATE INDEX test_code_paths_path ON test_code_paths USING btree (builderid, path);

CREATE INDEX test_names_name ON test_names USING btree (builderid, name);

CREATE UNIQUE INDEX users_bb_user ON users USING btree (bb_username);

CREATE UNIQUE INDEX users_identifier ON users USING btree (identifier);

CREATE UNIQUE INDEX users_info_attrs ON users_info USING btree (attr_type, attr_data);

CREATE INDEX users_info_uid ON users_info USING btree (uid);

CREATE UNIQUE INDEX users_info_uid_attr_type ON users_info USING btree (uid, attr_type);

CREATE UNIQUE INDEX workers_name ON workers USING btree (name);

ALTER TABLE ONLY build_data
    ADD CONSTRAINT build_data_buildid_fkey FOREIGN KEY (buildid) REFERENCES builds(id) ON DELETE CASCADE;

ALTER TABLE ONLY build_properties
    ADD CONSTRAINT build_properties_buildid_fkey FOREIGN KEY (buildid) REFERENCES builds(id) ON DELETE CASCADE;

ALTER TABLE ONLY builder_masters
    ADD CONSTRAINT builder_masters_builderid_fkey FOREIGN KEY (builderid) REFERENCES builders(id) ON DELETE CASCADE;

ALTER TABLE ONLY builder_masters
    ADD CONSTRAINT builder_masters_masterid_fkey FOREIGN KEY (masterid) REFERENCES masters(id) ON DELETE CASCADE;

ALTER TABLE ONLY builders_tags
    ADD CONSTRAINT builders_tags_builderid_fkey FOREIGN KEY (builderid) REFERENCES builders(id) ON DELETE CASCADE;

ALTER TABLE ONLY builders_tags
    ADD CONSTRAINT builders_tags_tagid_fkey FOREIGN KEY (tagid) REFERENCES tags(id) ON DELETE CASCADE;

ALTER TABLE ONLY buildrequest_claims
    ADD CONSTRAINT buildrequest_claims_brid_fkey FOREIGN KEY (brid) REFERENCES buildrequests(id) ON DELETE CASCADE;

ALTER TABLE ONLY buildrequest_claims
    ADD CONSTRAINT buildrequest_claims_masterid_fkey FOREIGN KEY (masterid) REFERENCES masters(id) ON DELETE CASCADE;

ALTER TABLE ONLY builds
    ADD CONSTRAINT buildrequestid FOREIGN KEY (buildrequestid) REFERENCES buildrequests(id) ON DELETE CASCADE;

ALTER TABLE ONLY buildrequests
    ADD CONSTRAINT buildrequests_builderid_fkey FOREIGN KEY (builderid) REFERENCES builders(id) ON DELETE CASCADE;

ALTER TABLE ONLY buildrequests
    ADD CONSTRAINT buildrequests_buildsetid_fkey FOREIGN KEY (buildsetid) REFERENCES buildsets(id) ON DELETE CASCADE;

ALTER TABLE ONLY builds
    ADD CONSTRAINT builds_builderid_fkey FOREIGN KEY (builderid) REFERENCES builders(id) ON DELETE CASCADE;

ALTER TABLE ONLY builds
    ADD CONSTRAINT builds_masterid_fkey FOREIGN KEY (masterid) REFERENCES masters(id) ON DELETE CASCADE;

ALTER TABLE ONLY builds
    ADD CONSTRAINT builds_workerid_fkey FOREIGN KEY (workerid) REFERENCES workers(id) ON DELETE SET NULL;

ALTER TABLE ONLY buildset_properties
    ADD CONSTRAINT buildset_properties_buildsetid_fkey FOREIGN KEY (buildsetid) REFERENCES buildsets(id) ON DELETE CASCADE;

ALTER TABLE ONLY buildset_sourcestamps
    ADD CONSTRAINT buildset_sourcestamps_buildsetid_fkey FOREIGN KEY (buildsetid) REFERENCES buildsets(id) ON DELETE CASCADE;

ALTER TABLE ONLY buildset_sourcestamps
    ADD CONSTRAINT buildset_sourcestamps_sourcestampid_fkey FOREIGN KEY (sourcestampid) REFERENCES sourcestamps(id) ON DELETE CASCADE;

ALTER TABLE ONLY change_files
    ADD CONSTRAINT change_files_changeid_fkey FOREIGN KEY (changeid) REFERENCES changes(changeid) ON DELETE CASCADE;

ALTER TABLE ONLY change_properties
    ADD CONSTRAINT change_properties_changeid_fkey FOREIGN KEY (changeid) REFERENCES changes(changeid) ON DELETE CASCADE;

ALTER TABLE ONLY change_users
    ADD CONSTRAINT change_users_changeid_fkey FOREIGN KEY (changeid) REFERENCES changes(changeid) ON DELETE CASCADE;

ALTER TABLE ONLY change_users
    ADD CONSTRAINT change_users_uid_fkey FOREIGN KEY (uid) REFERENCES users(uid) ON DELETE CASCADE;

ALTER TABLE ONLY changes
    ADD CONSTRAINT changes_parent_changeids_fkey FOREIGN KEY (parent_changeids) REFERENCES changes(changeid) ON DELETE SET NULL;

ALTER TABLE ONLY changes
    ADD CONSTRAINT changes_sourcestampid_fkey FOREIGN KEY (sourcestampid) REFERENCES sourcestamps(id) ON DELETE CASCADE;

ALTER TABLE ONLY changesource_masters
    ADD CONSTRAINT changesource_masters_changesourceid_fkey FOREIGN KEY (changesourceid) REFERENCES changesources(id) ON DELETE CASCADE;

ALTER TABLE ONLY changesource_masters
    ADD CONSTRAINT changesource_masters_masterid_fkey FOREIGN KEY (masterid) REFERENCES masters(id) ON DELETE CASCADE;

ALTER TABLE ONLY codebase_branches
    ADD CONSTRAINT codebase_branches_codebaseid_fkey FOREIGN KEY (codebaseid) REFERENCES codebases(id) ON DELETE CASCADE;

ALTER TABLE ONLY codebase_branches
    ADD CONSTRAINT codebase_branches_commitid_fkey FOREIGN KEY (commitid) REFERENCES codebase_commits(id) ON DELETE SET NULL;

ALTER TABLE ONLY codebase_commits
    ADD CONSTRAINT codebase_commits_codebaseid_fkey FOREIGN KEY (codebaseid) REFERENCES codebases(id) ON DELETE CASCADE;

ALTER TABLE ONLY codebase_commits
    ADD CONSTRAINT codebase_commits_parent_commitid_fkey FOREIGN KEY (parent_commitid) REFERENCES codebase_commits(id) ON DELETE SET NULL;

ALTER TABLE ONLY codebases
    ADD CONSTRAINT codebases_projectid_fkey FOREIGN KEY (projectid) REFERENCES projects(id) ON DELETE CASCADE;

ALTER TABLE ONLY configured_workers
    ADD CONSTRAINT configured_workers_buildermasterid_fkey FOREIGN KEY (buildermasterid) REFERENCES builder_masters(id) ON DELETE CASCADE;

ALTER TABLE ONLY configured_workers
    ADD CONSTRAINT configured_workers_workerid_fkey FOREIGN KEY (workerid) REFERENCES workers(id) ON DELETE CASCADE;

ALTER TABLE ONLY connected_workers
    ADD CONSTRAINT connected_workers_masterid_fkey FOREIGN KEY (masterid) REFERENCES masters(id) ON DELETE CASCADE;

ALTER TABLE ONLY connected_workers
    ADD CONSTRAINT connected_workers_workerid_fkey FOREIGN KEY (workerid) REFERENCES workers(id) ON DELETE CASCADE;

ALTER TABLE ONLY builders
    ADD CONSTRAINT fk_builders_projectid FOREIGN KEY (projectid) REFERENCES projects(id) ON DELETE SET NULL;

ALTER TABLE ONLY logchunks
    ADD CONSTRAINT logchunks_logid_fkey FOREIGN KEY (logid) REFERENCES logs(id) ON DELETE CASCADE;

ALTER TABLE ONLY logs
    ADD CONSTRAINT logs_stepid_fkey FOREIGN KEY (stepid) REFERENCES steps(id) ON DELETE CASCADE;

ALTER TABLE ONLY object_state
    ADD CONSTRAINT object_state_objectid_fkey FOREIGN KEY (objectid) REFERENCES objects(id) ON DELETE CASCADE;

ALTER TABLE ONLY buildsets
    ADD CONSTRAINT parent_buildid FOREIGN KEY (parent_buildid) REFERENCES builds(id) ON DELETE SET NULL;

ALTER TABLE ONLY buildsets
    ADD CONSTRAINT rebuilt_buildid FOREIGN KEY (rebuilt_buildid) REFERENCES builds(id) ON DELETE SET NULL;

ALTER TABLE ONLY scheduler_changes
    ADD CONSTRAINT scheduler_changes_changeid_fkey FOREIGN KEY (changeid) REFERENCES changes(changeid) ON DELETE CASCADE;

ALTER TABLE ONLY scheduler_changes
    ADD CONSTRAINT scheduler_changes_schedulerid_fkey FOREIGN KEY (schedulerid) REFERENCES schedulers(id) ON DELETE CASCADE;

ALTER TABLE ONLY scheduler_masters
    ADD CONSTRAINT scheduler_masters_masterid_fkey FOREIGN KEY (masterid) REFERENCES masters(id) ON DELETE CASCADE;

ALTER TABLE ONLY scheduler_masters
    ADD CONSTRAINT scheduler_masters_schedulerid_fkey FOREIGN KEY (schedulerid) REFERENCES schedulers(id) ON DELETE CASCADE;

ALTER TABLE ONLY sourcestamps
    ADD CONSTRAINT sourcestamps_patchid_fkey FOREIGN KEY (patchid) REFERENCES patches(id) ON DELETE CASCADE;

ALTER TABLE ONLY steps
    ADD CONSTRAINT steps_buildid_fkey FOREIGN KEY (buildid) REFERENCES builds(id) ON DELETE CASCADE;

ALTER TABLE ONLY test_code_paths
    ADD CONSTRAINT test_code_paths_builderid_fkey FOREIGN KEY (builderid) REFERENCES builders(id) ON DELETE CASCADE;

ALTER TABLE ONLY test_names
    ADD CONSTRAINT test_names_builderid_fkey FOREIGN KEY (builderid) REFERENCES builders(id) ON DELETE CASCADE;

ALTER TABLE ONLY test_result_sets
    ADD CONSTRAINT test_result_sets_builderid_fkey FOREIGN KEY (builderid) REFERENCES builders(id) ON DELETE CASCADE;

ALTER TABLE ONLY test_result_sets
    ADD CONSTRAINT test_result_sets_buildid_fkey FOREIGN KEY (buildid) REFERENCES builds(id) ON DELETE CASCADE;

ALTER TABLE ONLY test_result_sets
    ADD CONSTRAINT test_result_sets_stepid_fkey FOREIGN KEY (stepid) REFERENCES steps(id) ON DELETE CASCADE;

ALTER TABLE ONLY test_results
    ADD CONSTRAINT test_results_builderid_fkey FOREIGN KEY (builderid) REFERENCES builders(id) ON DELETE CASCADE;

ALTER TABLE ONLY test_results
    ADD CONSTRAINT test_results_test_code_pathid_fkey FOREIGN KEY (test_code_pathid) REFERENCES test_code_paths(id) ON DELETE CASCADE;

ALTER TABLE ONLY test_results
    ADD CONSTRAINT test_results_test_nameid_fkey FOREIGN KEY (test_nameid) REFERENCES test_names(id) ON DELETE CASCADE;

ALTER TABLE ONLY test_results
    ADD CONSTRAINT test_results_test_result_setid_fkey FOREIGN KEY (test_result_setid) REFERENCES test_result_sets(id) ON DELETE CASCADE;

ALTER TABLE ONLY users_info
    ADD CONSTRAINT users_info_uid_fkey FOREIGN KEY (uid) REFERENCES users(uid) ON DELETE CASCADE;

INSERT INTO alembic_version (version_num) VALUES ('067');
