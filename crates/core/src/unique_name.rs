//! Names that must be unique (profiles, routers): checked inside the writing transaction, and a
//! race lost to another writer (the database's unique index) reported in the same words.

use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait, QueryFilter};

use crate::{CoreError, CoreResult};

/// Refuses `name` if another row of `E` (other than `except`) already has it.
pub(crate) async fn ensure_free<E>(
    db: &impl ConnectionTrait,
    name_column: E::Column,
    id_column: E::Column,
    name: &str,
    except: Option<i64>,
    what: &str,
) -> CoreResult<()>
where
    E: EntityTrait,
    E::Model: Sync,
{
    let mut query = E::find().filter(name_column.eq(name));
    if let Some(id) = except {
        query = query.filter(id_column.ne(id));
    }
    if query.count(db).await? > 0 {
        return Err(taken(what, name));
    }
    Ok(())
}

/// "A profile named 'X' already exists. Choose another name."
pub(crate) fn taken(what: &str, name: &str) -> CoreError {
    CoreError::Conflict(format!(
        "A {what} named '{name}' already exists. Choose another name."
    ))
}

/// A write that failed on the unique index is the same conflict; anything else stays a
/// database error.
pub(crate) fn clash(err: DbErr, what: &str, name: &str) -> CoreError {
    if CoreError::is_unique_violation(&err) {
        taken(what, name)
    } else {
        err.into()
    }
}
