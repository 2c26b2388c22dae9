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
            let (buildset, properties) = db.read(|tx| {
                Ok((
                    buildsets::lookup(tx, caps, *bsid)?,
                    buildsets::get_buildset_properties(tx, *bsid)?,
                ))
            })?;
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
            Ok(Report::new(properties).with_human(human))
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
        let names = resolve_builders(tx, &args.builders, args.create_builders)?;
        sourcestamps::check_exist(tx, &super::dedup(&args.ssids))?;
        if let Some(id) = args.parent_buildid {
            buildsets::check_build_exists(tx, id, "--parent-buildid")?;
        }
        if let Some(id) = args.rebuilt_buildid {
            buildsets::check_build_exists(tx, id, "--rebuilt-buildid")?;
        }
        let mut sourcestamps: Vec<SourceStampRef> = args
            .sourcestamps
            .iter()
            .cloned()
            .map(SourceStampRef::Values)
            .chain(args.ssids.iter().copied().map(SourceStampRef::Id))
            .collect();
        if sourcestamps.is_empty() {
            // Buildbot's masters join requests on sourcestamps and never
            // see a buildset without one: add the default codebase's, as a
            // scheduler with no change does.
            sourcestamps.push(SourceStampRef::Values(SourceStampSpec::default()));
        }
        let builderids: Vec<i64> = names.iter().map(|(id, _)| *id).collect();
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
        let added = buildsets::add_buildset(tx, caps, &new)?;
        // People see the buildset as `buildset list` does, and its
        // requests as `request list` does.
        let shown = if ctx.cli.json {
            None
        } else {
            let mut brids: Vec<i64> = added.brids.values().copied().collect();
            brids.sort_unstable();
            Some((
                buildsets::lookup(tx, caps, added.bsid)?,
                buildrequests::get_existing(tx, &brids)?,
            ))
        };
        Ok((added, shown, ctx.left_unclaimed(tx, builderids, at)?))
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

/// The `--builder` arguments as (id, name), each builder once, in the
/// order given. Unknown ones are exit 4, all named at once, unless `create`
/// allows creating unknown names.
fn resolve_builders(
    tx: &crate::db::Tx,
    wanted: &[NameOrId],
    create: bool,
) -> Result<Vec<(i64, String)>> {
    // Two statements for the lookups, however many builders.
    let names: Vec<&str> = wanted
        .iter()
        .filter_map(|b| match b {
            NameOrId::Name(name) => Some(name.as_str()),
            NameOrId::Id(_) => None,
        })
        .collect();
    let ids: Vec<i64> = wanted
        .iter()
        .filter_map(|b| match b {
            NameOrId::Id(id) => Some(*id),
            NameOrId::Name(_) => None,
        })
        .collect();
    let by_name = builders::ids_by_name(tx, &names)?;
    let by_id = builders::names_by_id(tx, &ids)?;
    let mut found: Vec<(i64, String)> = Vec::with_capacity(wanted.len());
    let mut missing: Vec<NameOrId> = Vec::new();
    for builder in wanted {
        let hit = match builder {
            NameOrId::Name(name) => match by_name.get(name) {
                Some(id) => Some((*id, name.clone())),
                None if create => Some((builders::find_builder_id(tx, name)?.0, name.clone())),
                None => None,
            },
            NameOrId::Id(id) => by_id.get(id).map(|name| (*id, name.clone())),
        };
        match hit {
            Some((id, _)) if found.iter().any(|(seen, _)| *seen == id) => {}
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
