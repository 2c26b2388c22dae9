//! Borderless tables as kubectl and gh print them, fitted to a terminal:
//! bb decides each column's width (comfy-table only lays the cells out),
//! because comfy-table can only cut a cell at its end and a name must be
//! cut in its middle to stay told apart from its neighbours.

use comfy_table::{Row, Table, presets};
use unicode_width::UnicodeWidthStr;

use super::columns::Cut;

/// A column cut to fit is never narrower than this while there is room:
/// a name keeps 3 characters of its start and 4 of its end.
const FLOOR: usize = 8;

/// When never-cut columns must give way, their headers are cut (at their
/// end) to this width, or to their widest value if that is wider.
const HEADER_FLOOR: usize = 8;

/// A table for people: `header` and `rows`, each column with how it may be
/// cut. With `width` (a terminal), the table is fitted to it; without (a
/// pipe, or `--wide` and `--field`, asked for whole) it is printed whole.
pub fn render(header: &[&str], cuts: &[Cut], rows: &[Vec<String>], width: Option<usize>) -> String {
    let natural: Vec<usize> = (0..header.len())
        .map(|i| {
            rows.iter()
                .map(|row| row[i].width())
                .chain([header[i].width()])
                .max()
                .unwrap_or(0)
        })
        .collect();
    let (widths, gap) = match width {
        Some(width) => {
            let values: Vec<usize> = (0..header.len())
                .map(|i| rows.iter().map(|row| row[i].width()).max().unwrap_or(0))
                .collect();
            allocate(&natural, &values, cuts, width)
        }
        None => (natural, 2),
    };
    let mut table = Table::new();
    table.load_preset(presets::NOTHING);
    let mut head = Row::from(
        header
            .iter()
            .zip(&widths)
            .map(|(h, &w)| cut_end(h, w))
            .collect::<Vec<_>>(),
    );
    head.max_height(1);
    table.set_header(head);
    for row in rows {
        table.add_row(
            row.iter()
                .zip(cuts)
                .zip(&widths)
                .map(|((text, &cut), &w)| fit(text, cut, w))
                .collect::<Vec<_>>(),
        );
    }
    let last = header.len().saturating_sub(1);
    for (i, column) in table.column_iter_mut().enumerate() {
        let gap = if i == last { 0 } else { gap as u16 };
        column.set_padding((0, gap));
    }
    table.trim_fmt()
}

/// Each column's width and the gap between columns, for a table at most
/// `width` wide. `natural` are the widths of the whole columns (header
/// included), `values` those of their widest values.
///
/// Whole columns two spaces apart if they fit, else one space apart; then
/// the cuttable columns share what the never-cut ones leave, each taking
/// no more than it needs, none less than [`FLOOR`]; when that is not
/// enough the never-cut columns' headers are cut down toward their values,
/// and the cuttable ones share what is left. Past that the table is wider
/// than the terminal: a never-cut value is never cut.
pub fn allocate(
    natural: &[usize],
    values: &[usize],
    cuts: &[Cut],
    width: usize,
) -> (Vec<usize>, usize) {
    let gaps = natural.len().saturating_sub(1);
    let total: usize = natural.iter().sum();
    if total + 2 * gaps <= width {
        return (natural.to_vec(), 2);
    }
    let budget = width.saturating_sub(gaps);
    if total <= budget {
        return (natural.to_vec(), 1);
    }
    let cuttable: Vec<usize> = (0..natural.len())
        .filter(|&i| cuts[i] != Cut::Never)
        .collect();
    let mut widths = natural.to_vec();
    let share_out = |widths: &mut Vec<usize>| {
        let fixed: usize = (0..natural.len())
            .filter(|i| !cuttable.contains(i))
            .map(|i| widths[i])
            .sum();
        let wanted: Vec<usize> = cuttable.iter().map(|&i| natural[i]).collect();
        for (&i, w) in cuttable
            .iter()
            .zip(share(&wanted, budget.saturating_sub(fixed)))
        {
            widths[i] = w;
        }
        cuttable.iter().all(|&i| widths[i] >= natural[i].min(FLOOR))
    };
    if share_out(&mut widths) {
        return (widths, 1);
    }
    for i in (0..natural.len()).filter(|i| !cuttable.contains(i)) {
        widths[i] = values[i].max(natural[i].min(HEADER_FLOOR));
    }
    share_out(&mut widths);
    // A cell of one or two characters would be only the `…`.
    for &i in &cuttable {
        widths[i] = widths[i].max(natural[i].min(3));
    }
    (widths, 1)
}

/// `budget` shared among columns wanting `wanted`: none gets more than it
/// wants, and what the narrow ones leave goes to the wide ones.
fn share(wanted: &[usize], mut budget: usize) -> Vec<usize> {
    let mut order: Vec<usize> = (0..wanted.len()).collect();
    order.sort_by_key(|&i| wanted[i]);
    let mut widths = vec![0; wanted.len()];
    for (k, &i) in order.iter().enumerate() {
        let fair = budget / (wanted.len() - k);
        widths[i] = wanted[i].min(fair);
        budget -= widths[i];
    }
    widths
}

/// A cell cut to `width` as its column says.
fn fit(text: &str, cut: Cut, width: usize) -> String {
    match cut {
        Cut::Never => text.to_string(),
        Cut::Middle => cut_middle(text, width),
        Cut::End => cut_end(text, width),
    }
}

/// `text` in `width` columns: its start and a `…`.
pub fn cut_end(text: &str, width: usize) -> String {
    if text.width() <= width {
        return text.to_string();
    }
    if width == 0 {
        return String::new();
    }
    // `Ann Author…`, not `Ann Author …`.
    let mut out = take_width(text.chars(), width - 1).trim_end().to_string();
    out.push('…');
    out
}

/// `text` in `width` columns: its start, a `…`, and its end, which gets
/// the odd column out (`vm:/srv/bu…/master-a`).
pub fn cut_middle(text: &str, width: usize) -> String {
    if text.width() <= width {
        return text.to_string();
    }
    if width < 3 {
        return cut_end(text, width);
    }
    let tail_width = (width - 1) / 2;
    let head = take_width(text.chars(), width - 1 - tail_width);
    let tail: String = take_width(text.chars().rev(), tail_width)
        .chars()
        .rev()
        .collect();
    let (head, tail) = (head.trim_end(), tail.trim_start());
    format!("{head}…{tail}")
}

/// The characters of `chars`, in the order given, that fit in `width`
/// columns (a wide character that would overflow it is left out).
fn take_width(chars: impl Iterator<Item = char>, width: usize) -> String {
    let mut out = String::new();
    let mut used = 0;
    for c in chars {
        let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if used + w > width {
            break;
        }
        used += w;
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_cut_in_the_middle() {
        assert_eq!(
            cut_middle("vm:/srv/buildbot/master-a", 20),
            "vm:/srv/bu…/master-a"
        );
        assert_ne!(
            cut_middle("vm:/srv/buildbot/newcluster/master-a", 12),
            cut_middle("vm:/srv/buildbot/newcluster/master-b", 12)
        );
        assert_eq!(cut_middle("short", 20), "short");
        assert_eq!(cut_end("fix the flaky test", 10), "fix the f…");
        // Wide characters count twice, and are never split.
        assert_eq!(cut_end("ビルダー名前", 6), "ビル…");
        assert_eq!(cut_middle("ビルダー名前です", 8).width(), 7);
    }

    #[test]
    fn never_cut_columns_keep_their_width() {
        use Cut::*;
        // Fits whole, two spaces apart.
        assert_eq!(
            allocate(&[5, 10], &[5, 10], &[Never, Middle], 17),
            (vec![5, 10], 2)
        );
        // Fits one space apart.
        assert_eq!(
            allocate(&[5, 10], &[5, 10], &[Never, Middle], 16),
            (vec![5, 10], 1)
        );
        // The name column gives way, the id does not.
        assert_eq!(
            allocate(&[5, 30, 20], &[5, 30, 20], &[Never, Middle, End], 40),
            (vec![5, 17, 16], 1)
        );
        // Headers of never-cut columns give way before names go below 8.
        let (widths, _) = allocate(
            &[14, 10, 22, 7, 36, 9, 8],
            &[1, 1, 22, 7, 36, 3, 1],
            &[Never, Never, Middle, Never, Middle, Never, Never],
            60,
        );
        assert_eq!(widths, vec![8, 8, 7, 7, 8, 8, 8]);
        assert_eq!(widths.iter().sum::<usize>() + 6, 60);
    }
}
