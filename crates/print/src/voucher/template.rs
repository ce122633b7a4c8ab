//! What a card says: which fields show and the text of each, as data. A text is a template
//! whose placeholders (`{code}`, `{plan}`…) are the card's values; `{{` and `}}` print braces.

use crate::error::PrintError;
use crate::voucher::card::{SheetInput, VoucherCard};
use crate::voucher::fields::Field;

/// Which fields a card shows and what their texts say. `None` leaves a text field off; a
/// text naming a value the card lacks (`{password}` on a card whose password is its code,
/// `{data_cap}` or `{note}` when there is none) is left off on that card.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CardTemplate {
    pub logo: bool,
    pub office: Option<String>,
    pub code: Option<String>,
    pub password: Option<String>,
    pub plan: Option<String>,
    pub price: Option<String>,
    pub validity: Option<String>,
    pub data_cap: Option<String>,
    pub serial: Option<String>,
    pub note: Option<String>,
    /// The QR code of the card's login URL (a card without a URL has none).
    pub qr: bool,
}

impl Default for CardTemplate {
    fn default() -> Self {
        let text = |s: &str| Some(s.to_string());
        CardTemplate {
            logo: true,
            office: text("{office}"),
            code: text("{code}"),
            password: text("Password: {password}"),
            plan: text("{plan}"),
            price: text("{price}"),
            validity: text("Valid {validity}"),
            data_cap: text("Data {data_cap}"),
            serial: text("No. {serial}"),
            note: text("{note}"),
            qr: true,
        }
    }
}

/// A piece of a template: literal text or a value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Piece<'t> {
    Literal(&'t str),
    Value(Value),
}

/// The values a placeholder can name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Value {
    Office,
    Code,
    Password,
    Plan,
    Price,
    Validity,
    DataCap,
    Serial,
    Note,
}

impl Value {
    fn named(name: &str) -> Option<Value> {
        Some(match name {
            "office" => Value::Office,
            "code" => Value::Code,
            "password" => Value::Password,
            "plan" => Value::Plan,
            "price" => Value::Price,
            "validity" => Value::Validity,
            "data_cap" => Value::DataCap,
            "serial" => Value::Serial,
            "note" => Value::Note,
            _ => return None,
        })
    }

    fn of<'c>(self, sheet: &'c SheetInput, card: &'c VoucherCard) -> Option<&'c str> {
        match self {
            Value::Office => Some(&sheet.office_name),
            Value::Code => Some(&card.code),
            Value::Password => card.printed_password(),
            Value::Plan => Some(&card.plan),
            Value::Price => Some(&card.price),
            Value::Validity => Some(&card.validity),
            Value::DataCap => card.data_cap.as_deref(),
            Value::Serial => Some(&card.serial),
            Value::Note => card.note.as_deref(),
        }
    }
}

/// A text template, parsed once per sheet.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Text<'t> {
    pieces: Vec<Piece<'t>>,
}

impl<'t> Text<'t> {
    /// Parses `template`, the text of `field`.
    fn parse(field: &'static str, template: &'t str) -> Result<Text<'t>, PrintError> {
        let mut pieces = Vec::new();
        let mut rest = template;
        while !rest.is_empty() {
            if let Some(after) = rest.strip_prefix("{{") {
                pieces.push(Piece::Literal("{"));
                rest = after;
            } else if let Some(after) = rest.strip_prefix("}}") {
                pieces.push(Piece::Literal("}"));
                rest = after;
            } else if let Some(after) = rest.strip_prefix('{') {
                let end = after
                    .find('}')
                    .ok_or(PrintError::UnclosedPlaceholder { field })?;
                let name = &after[..end];
                let value = Value::named(name).ok_or_else(|| PrintError::UnknownPlaceholder {
                    field,
                    placeholder: name.to_string(),
                })?;
                pieces.push(Piece::Value(value));
                rest = &after[end + 1..];
            } else {
                let end = rest.find(['{', '}']).map_or(rest.len(), |i| i.max(1));
                pieces.push(Piece::Literal(&rest[..end]));
                rest = &rest[end..];
            }
        }
        Ok(Text { pieces })
    }

    /// The text for one card, or `None` when it names a value the card does not have.
    pub fn fill(&self, sheet: &SheetInput, card: &VoucherCard) -> Option<String> {
        let mut out = String::new();
        for piece in &self.pieces {
            match piece {
                Piece::Literal(text) => out.push_str(text),
                Piece::Value(value) => out.push_str(value.of(sheet, card)?),
            }
        }
        Some(out)
    }
}

impl CardTemplate {
    /// The text template of `field`, if it is a text field that is on.
    fn template(&self, field: Field) -> Option<&str> {
        match field {
            Field::Office => self.office.as_deref(),
            Field::Code => self.code.as_deref(),
            Field::Password => self.password.as_deref(),
            Field::Plan => self.plan.as_deref(),
            Field::Price => self.price.as_deref(),
            Field::Validity => self.validity.as_deref(),
            Field::DataCap => self.data_cap.as_deref(),
            Field::Serial => self.serial.as_deref(),
            Field::Note => self.note.as_deref(),
            Field::Logo | Field::Qr => None,
        }
    }

    /// Every text field that is on, parsed; the first bad template is the error.
    pub(crate) fn texts(&self) -> Result<Vec<(Field, Text<'_>)>, PrintError> {
        Field::ALL
            .iter()
            .filter_map(|&field| self.template(field).map(|t| (field, t)))
            .map(|(field, t)| Ok((field, Text::parse(field.name(), t)?)))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn card() -> VoucherCard {
        VoucherCard {
            code: "K7QX2M".into(),
            password: Some("K7QX2M".into()),
            plan: "1 Day".into(),
            price: "KES 50".into(),
            validity: "24 hours".into(),
            data_cap: None,
            serial: "B1-0001".into(),
            login_url: None,
            note: Some("Hi".into()),
        }
    }

    fn check(template: &str, expect: Result<Option<&str>, &str>) {
        let sheet = SheetInput {
            office_name: "Kili".into(),
            logo: None,
        };
        let got = Text::parse("plan", template)
            .map(|t| t.fill(&sheet, &card()))
            .map_err(|e| e.to_string());
        match (&got, expect) {
            (Ok(text), Ok(want)) => assert_eq!(text.as_deref(), want, "{template:?}"),
            (Err(e), Err(want)) => assert!(e.contains(want), "{template:?}: {e}"),
            _ => panic!("{template:?} gave {got:?}, expected {expect:?}"),
        }
    }

    #[test]
    fn templates_fill_in_values() {
        check("{plan} for {price}", Ok(Some("1 Day for KES 50")));
        check("{office}: {code}", Ok(Some("Kili: K7QX2M")));
        check("{{code}} is {code}", Ok(Some("{code} is K7QX2M")));
        check("a } b", Ok(Some("a } b")));
        check("", Ok(Some("")));
        check("Зоя {note}", Ok(Some("Зоя Hi")));
        check(
            "Password: {password}",
            Ok(None),
            // The password is the code: the line is left off.
        );
        check("Data {data_cap}", Ok(None));
        check("{plan} {username}", Err("unknown placeholder {username}"));
        check("{plan", Err("unclosed {"));
    }

    #[test]
    fn the_default_template_parses() {
        let template = CardTemplate::default();
        let texts = template.texts().unwrap();
        assert_eq!(texts.len(), 9, "nine text fields are on");
        let bad = CardTemplate {
            note: Some("{nope}".into()),
            ..CardTemplate::default()
        };
        assert!(matches!(
            bad.texts(),
            Err(PrintError::UnknownPlaceholder { field: "note", .. })
        ));
    }
}
