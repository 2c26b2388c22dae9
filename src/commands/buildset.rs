//! `bb buildset ...`: the buildsets connector.

use serde_json::{Value, json};

use super::Context;
use crate::cli::buildset::{AddArgs, BuildsetCommand};
use crate::db::buildrequests;
use crate::db::buildsets::{self, NewBuildset, SourceStampRef};
use crate::db::running::{self, Held};
use crate::db::sourcestamps::SourceStampSpec;
use crate::db::{builders, revisions, sourcestamps};
use crate::error::{Error, Result};
use crate::output::{Entity, Report};
use crate::values::NameOrId;

pub fn execute(ctx: &Context, cmd: &BuildsetCommand) -> Result<Report> {
    match cmd {
        BuildsetCommand::Add(args) => add(ctx, args),
        BuildsetCommand::Show { bsid } => {
            let mut db = ctx.open()?;
            let caps = db.capabilities();
            let (buildset, properties) =
                db.read(|tx| buildsets::get_buildset_with_properties(tx, caps, *bsid))?;
            let mut doc =
                serde_json::to_value(buildset).map_err(|e| Error::failure(e.to_string()))?;
            // People read a property as `NAME: VALUE (SOURCE)`, the value
            // as JSON.
            let mut human = doc.clone();
            human["properties"] = properties
                .iter()
                .map(|(name, pair)| {
                    (
                        name.clone(),
                        json!(format!("{} ({})", pair[0], cell_text(&pair[1]))),
                    )
                })
                .collect();
            doc["properties"] = Value::Object(properties);
            Ok(Report::new(doc).with_human(human))
        }
        BuildsetCommand::List {
            complete,
            incomplete,
            list,
        } => {
            let mut query = list.spec().compile("buildset", buildsets::FIELDS)?;
            if *complete || *incomplete {
                query.and(buildsets::complete_condition(*complete), []);
            }
            let mut db = ctx.open()?;
            let caps = db.capabilities();
            let found = db.read(|tx| buildsets::get_buildsets(tx, caps, &query))?;
            Ok(Report::list(Entity::Buildset, found)
                .select(&query.fields)
                .at(list.now()))
        }
        BuildsetCommand::Recent {
            count,
            branch,
            repository,
            complete,
            incomplete,
            at,
        } => {
            let state = (*complete || *incomplete).then_some(*complete);
            let mut db = ctx.open()?;
            let caps = db.capabilities();
            let found = db.read(|tx| {
                buildsets::get_recent_buildsets(
                    tx,
                    caps,
                    *count,
                    branch.as_deref(),
                    repository.as_deref(),
                    state,
                )
            })?;
            Ok(Report::list(Entity::Buildset, found)
                .at(at.unwrap_or_else(|| chrono::Utc::now().timestamp())))
        }
        BuildsetCommand::Complete { bsid, results, at } => {
            let force = at.force;
            let at = at.resolve()?;
            let mut db = ctx.open()?;
            let caps = db.capabilities();
            let buildset = db.write(|tx| {
                let held = if force || buildsets::lookup(tx, caps, *bsid)?.complete {
                    Vec::new()
                } else {
                    running::held_by_running_masters(tx, Held::Buildset(*bsid), at)?
                };
                if !held.is_empty() {
                    return Err(Error::conflict(format!(
                        "buildset {bsid}: {}; completing the buildset would mark it finished while \
                         that master still builds it; nothing was completed (let the build \
                         finish, or pass --force)",
                        running::describe_held(&held, at)
                    ))
                    .with_ids([*bsid]));
                }
                buildsets::complete_buildset(tx, *bsid, *results, at)?;
                buildsets::lookup(tx, caps, *bsid)
            })?;
            Ok(Report::new(&buildset)
                .with_table(Entity::Buildset, [&buildset])
                .at(at))
        }
        BuildsetCommand::Properties { bsid } => {
            let properties = ctx
                .open()?
                .read(|tx| buildsets::get_buildset_properties(tx, *bsid))?;
            let human: Vec<Value> = properties
                .iter()
                .map(|(name, pair)| json!({ "name": name, "value": pair[0].to_string(), "source": pair[1] }))
                .collect();
            Ok(Report::new(properties)
                .with_human(human)
                .unchanged("no properties"))
        }
    }
}

fn add(ctx: &Context, args: &AddArgs) -> Result<Report> {
    let at = args.at.resolve()?;
    let mut db = ctx.open()?;
    let caps = db.capabilities();
    if args.rebuilt_buildid.is_some() && !caps.has_rebuilt_buildid() {
        return Err(Error::failure(caps.lacks(
            &db.name(),
            "--rebuilt-buildid",
            revisions::BUILDSETS_REBUILT_BUILDID,
        )));
    }
    let (added, shown, left) = db.write(|tx| {
        // Every lookup in one round trip: the builders by name and by id,
        // the sourcestamps by id and by value, the parent and rebuilt builds.
        let ssids = super::dedup(&args.ssids);
        let default = [SourceStampSpec::default()];
        // Buildbot's masters join requests on sourcestamps and never see a
        // buildset without one: add the default codebase's, as a scheduler
        // with no change does.
        let specs: &[SourceStampSpec] = match args.sourcestamps.is_empty() && ssids.is_empty() {
            true => &default,
            false => &args.sourcestamps,
        };
        let hashes: Vec<String> = specs.iter().map(sourcestamps::ss_hash).collect();
        let (names, ids) = split_builders(&args.builders);
        let builds: Vec<(i64, &str)> = [
            (args.parent_buildid, "--parent-buildid"),
            (args.rebuilt_buildid, "--rebuilt-buildid"),
        ]
        .into_iter()
        .filter_map(|(id, what)| Some((id?, what)))
        .collect();
        let mut lookups = vec![
            builders::ids_by_name_stmt(&names),
            builders::names_by_id_stmt(&ids),
            sourcestamps::exist_stmt(&ssids),
            sourcestamps::by_hash_stmt(&hashes),
        ];
        lookups.extend(
            builds
                .iter()
                .map(|(id, _)| buildsets::build_exists_stmt(*id)),
        );
        let mut answers = tx.batch(&lookups)?.into_iter();
        let by_name = builders::ids_by_name_from(answers.next())?;
        let by_id = builders::names_by_id_from(answers.next())?;
        let resolved = resolve_builders(&args.builders, &by_name, &by_id, args.create_builders)?;
        sourcestamps::check_exist_from(answers.next(), &ssids)?;
        let mut by_hash = sourcestamps::ids_by_hash(answers.next())?;
        for (id, what) in &builds {
            buildsets::build_exists_from(answers.next(), *id, what)?;
        }
        // What is new, created in one round trip: builders (with
        // --create-builders) and sourcestamps, each once, in order.
        let mut to_create: Vec<&str> = Vec::new();
        for builder in &resolved {
            if let Err(name) = builder
                && !to_create.contains(&name.as_str())
            {
                to_create.push(name);
            }
        }
        let mut new_specs: Vec<(&String, &SourceStampSpec)> = Vec::new();
        for (hash, spec) in hashes.iter().zip(specs) {
            if !by_hash.contains_key(hash) && !new_specs.iter().any(|(h, _)| *h == hash) {
                new_specs.push((hash, spec));
            }
        }
        let creations: Vec<_> = to_create
            .iter()
            .map(|name| builders::insert_stmt(name))
            .chain(
                new_specs
                    .iter()
                    .map(|(_, spec)| sourcestamps::insert_stmt(spec, at)),
            )
            .collect();
        let mut created = match creations.is_empty() {
            true => Vec::new(),
            false => tx.batch(&creations)?,
        }
        .into_iter()
        .map(|done| -> Result<i64> {
            let rows = done.rows();
            rows.first()
                .ok_or_else(|| Error::failure("an insert returned no id"))?
                .int(0)
        });
        let mut created_builders = std::collections::HashMap::new();
        for name in &to_create {
            created_builders.insert(*name, created.next().transpose()?.unwrap_or_default());
        }
        for (hash, _) in &new_specs {
            by_hash.insert(
                (*hash).clone(),
                created.next().transpose()?.unwrap_or_default(),
            );
        }
        let mut builderids: Vec<i64> = Vec::with_capacity(resolved.len());
        for builder in &resolved {
            let id = match builder {
                Ok(id) => *id,
                Err(name) => created_builders[name.as_str()],
            };
            if !builderids.contains(&id) {
                builderids.push(id);
            }
        }
        // Sourcestamps in the order given: by value, then by id.
        let sourcestamps: Vec<SourceStampRef> = hashes
            .iter()
            .map(|hash| SourceStampRef::Id(by_hash[hash]))
            .chain(args.ssids.iter().copied().map(SourceStampRef::Id))
            .collect();
        let new = NewBuildset {
            reason: args.reason.clone(),
            builderids: builderids.clone(),
            sourcestamps,
            properties: args
                .properties
                .iter()
                .map(|(name, value)| (name.clone(), (value.clone(), args.property_source.clone())))
                .collect(),
            external_idstring: args.external_idstring.clone(),
            parent_buildid: args.parent_buildid,
            parent_relationship: args.parent_relationship.clone(),
            rebuilt_buildid: args.rebuilt_buildid,
            waited_for: args.waited_for,
            priority: args.priority,
            submitted_at: at,
        };
        // With the requests: what people see (the buildset as `buildset
        // list` shows it, its requests as `request list` does) and the
        // note's lookup.
        let left_stmt = ctx.left_unclaimed_stmt(&builderids, at);
        let looks = left_stmt.is_some();
        let (added, answers) = buildsets::add_buildset_with(tx, caps, &new, |bsid| {
            let mut with = Vec::new();
            if !ctx.cli.json {
                with.extend(buildsets::by_ids_stmts(caps, &[bsid]));
                with.push(buildrequests::of_buildset_stmt(bsid));
            }
            with.extend(left_stmt);
            with
        })?;
        let mut answers = answers.into_iter();
        let shown = match ctx.cli.json {
            true => None,
            false => Some((
                buildsets::by_ids_from(&mut answers)?
                    .pop()
                    .ok_or_else(|| Error::failure("the new buildset was not found"))?,
                buildrequests::requests_from(answers.next())?,
            )),
        };
        let left = ctx.left_unclaimed_from(builderids, answers.next().filter(|_| looks))?;
        Ok((added, shown, left))
    })?;
    let mut report = Report::new(added).at(at);
    if let Some((buildset, requests)) = shown {
        report = report
            .with_table(Entity::Buildset, [buildset])
            .with_table(Entity::BuildRequest, requests);
    }
    Ok(ctx.nudge(report, left))
}

/// A property's source as text (a string without its quotes).
fn cell_text(value: &Value) -> String {
    value
        .as_str()
        .map_or_else(|| value.to_string(), str::to_string)
}

/// The `--builder` arguments' names and ids, for one statement each.
fn split_builders(wanted: &[NameOrId]) -> (Vec<&str>, Vec<i64>) {
    let names = wanted
        .iter()
        .filter_map(|b| match b {
            NameOrId::Name(name) => Some(name.as_str()),
            NameOrId::Id(_) => None,
        })
        .collect();
    let ids = wanted
        .iter()
        .filter_map(|b| match b {
            NameOrId::Id(id) => Some(*id),
            NameOrId::Name(_) => None,
        })
        .collect();
    (names, ids)
}

/// The `--builder` arguments as found (`by_name`, `by_id`), in the order
/// given: the builder's id, or the name of one to create when `create`
/// allows creating unknown names. Unknown ones are exit 4, all named at
/// once.
fn resolve_builders(
    wanted: &[NameOrId],
    by_name: &std::collections::HashMap<String, i64>,
    by_id: &std::collections::HashMap<i64, String>,
    create: bool,
) -> Result<Vec<std::result::Result<i64, String>>> {
    let mut found = Vec::with_capacity(wanted.len());
    let mut missing: Vec<NameOrId> = Vec::new();
    for builder in wanted {
        let hit = match builder {
            NameOrId::Name(name) => match by_name.get(name) {
                Some(id) => Some(Ok(*id)),
                None if create => Some(Err(name.clone())),
                None => None,
            },
            NameOrId::Id(id) => by_id.contains_key(id).then_some(Ok(*id)),
        };
        match hit {
            Some(hit) => found.push(hit),
            None if missing.contains(builder) => {}
            None => missing.push(builder.clone()),
        }
    }
    if !missing.is_empty() {
        let ids: Vec<i64> = missing
            .iter()
            .filter_map(|b| {
                if let NameOrId::Id(id) = b {
                    Some(*id)
                } else {
                    None
                }
            })
            .collect();
        let hint = if ids.len() < missing.len() {
            " (--create-builders creates names)"
        } else {
            ""
        };
        let names: Vec<String> = missing.iter().map(NameOrId::to_string).collect();
        return Err(
            Error::not_found(format!("builder {} does not exist{hint}", names.join(", ")))
                .with_ids(ids),
        );
    }
    Ok(found)
}
