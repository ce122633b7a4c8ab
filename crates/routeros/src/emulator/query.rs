//! `print` queries: `?name=value`, `?name`, `?-name`, `?<name=value`, `?>name=value`, and the
//! `?#` operators `!`, `&`, `|` on RouterOS's query stack. Whatever is left on the stack at the
//! end must all be true.

use crate::row::Row;

/// Whether `row` passes `queries` (words without their leading `?`).
pub(crate) fn matches(row: &Row, queries: &[String]) -> bool {
    let mut stack: Vec<bool> = Vec::new();
    for query in queries {
        if let Some(operators) = query.strip_prefix('#') {
            for operator in operators.chars() {
                apply(&mut stack, operator);
            }
            continue;
        }
        stack.push(test(row, query));
    }
    stack.into_iter().all(|passed| passed)
}

fn apply(stack: &mut Vec<bool>, operator: char) {
    match operator {
        '!' => {
            if let Some(top) = stack.last_mut() {
                *top = !*top;
            }
        }
        '&' | '|' => {
            let (Some(b), Some(a)) = (stack.pop(), stack.pop()) else {
                return;
            };
            stack.push(if operator == '&' { a && b } else { a || b });
        }
        _ => {}
    }
}

fn test(row: &Row, query: &str) -> bool {
    let query = query.strip_prefix('=').unwrap_or(query);
    if let Some(name) = query.strip_prefix('-') {
        return row.get(name).is_none();
    }
    for (prefix, wanted) in [
        ('<', std::cmp::Ordering::Less),
        ('>', std::cmp::Ordering::Greater),
    ] {
        if let Some((name, value)) = query.strip_prefix(prefix).and_then(|q| q.split_once('=')) {
            return row
                .get(name)
                .is_some_and(|have| compare(have, value) == wanted);
        }
    }
    match query.split_once('=') {
        Some((name, value)) => row.get(name) == Some(value),
        None => row.get(query).is_some(),
    }
}

/// Numbers compare as numbers, anything else as text.
fn compare(have: &str, value: &str) -> std::cmp::Ordering {
    match (have.parse::<i64>(), value.parse::<i64>()) {
        (Ok(a), Ok(b)) => a.cmp(&b),
        _ => have.cmp(value),
    }
}

#[cfg(test)]
mod tests {
    use super::matches;
    use crate::row::Row;

    fn check(queries: &[&str], expect: bool, why: &str) {
        let row: Row = [("name", "u1"), ("disabled", "false"), ("bytes-in", "100")]
            .into_iter()
            .collect();
        let queries: Vec<String> = queries.iter().map(|q| q.to_string()).collect();
        assert_eq!(matches(&row, &queries), expect, "{why}");
    }

    #[test]
    fn queries_select_like_routeros() {
        check(&[], true, "no query keeps everything");
        check(&["name=u1"], true, "equality");
        check(&["name=u2"], false, "inequality");
        check(&["name"], true, "has the property");
        check(&["-comment"], true, "lacks the property");
        check(&[">bytes-in=99"], true, "numeric greater-than");
        check(&["<bytes-in=99"], false, "numeric less-than");
        check(&["name=u2", "name=u1", "#|"], true, "or");
        check(&["name=u1", "disabled=true", "#&"], false, "and");
        check(&["name=u2", "#!"], true, "not");
    }
}
