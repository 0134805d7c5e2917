//! presenterm's column layouts: `<!-- column_layout: [1, 3, 1] -->` starts columns with those
//! relative widths, `<!-- column: N -->` sends what follows into column N (from 0), and
//! `<!-- reset_layout -->` (or a new layout, or the slide's end) closes them.
//!
//! Owns turning a slide's top-level blocks and those directives into [`BlockKind::Columns`].
//! Blocks keep their own reveal steps, so pauses inside columns still work.

use super::diagnostic::Diagnostic;
use super::model::{Block, BlockKind};

/// A layout being filled.
struct Open {
    /// Where its block goes in the output.
    at: usize,
    line: usize,
    widths: Vec<u32>,
    columns: Vec<Vec<Block>>,
    current: Option<usize>,
}

impl Open {
    fn close(self, out: &mut Vec<Block>) {
        let step = self
            .columns
            .iter()
            .flatten()
            .map(|b| b.step)
            .min()
            .unwrap_or(0);
        let block = Block {
            line: self.line,
            step,
            kind: BlockKind::Columns {
                widths: self.widths,
                columns: self.columns,
            },
        };
        out.insert(self.at.min(out.len()), block);
    }
}

/// Arranges `blocks` into columns as the directives (key, value, 1-based line) say. Without a
/// `column_layout` the blocks come back unchanged.
pub fn arrange(
    blocks: Vec<Block>,
    directives: &[(String, String, usize)],
    diags: &mut Vec<Diagnostic>,
) -> Vec<Block> {
    let mut commands: Vec<&(String, String, usize)> = directives
        .iter()
        .filter(|(k, _, _)| matches!(k.as_str(), "column_layout" | "column" | "reset_layout"))
        .collect();
    if !commands.iter().any(|(k, _, _)| k == "column_layout") {
        return blocks;
    }
    commands.sort_by_key(|(_, _, line)| *line);
    let mut commands = commands.into_iter().peekable();
    let mut out = Vec::with_capacity(blocks.len());
    let mut open: Option<Open> = None;
    for block in blocks {
        while let Some((key, value, line)) = commands.next_if(|c| c.2 < block.line) {
            command(key, value, *line, &mut open, &mut out, diags);
        }
        match &mut open {
            Some(layout) if layout.current.is_some() => {
                let column = layout.current.unwrap_or(0);
                layout.columns[column].push(block);
            }
            _ => out.push(block),
        }
    }
    for (key, value, line) in commands {
        command(key, value, *line, &mut open, &mut out, diags);
    }
    if let Some(layout) = open {
        layout.close(&mut out);
    }
    out
}

fn command(
    key: &str,
    value: &str,
    line: usize,
    open: &mut Option<Open>,
    out: &mut Vec<Block>,
    diags: &mut Vec<Diagnostic>,
) {
    match key {
        "column_layout" => {
            if let Some(layout) = open.take() {
                layout.close(out);
            }
            match widths(value) {
                Some(widths) => {
                    *open = Some(Open {
                        at: out.len(),
                        line,
                        columns: vec![Vec::new(); widths.len()],
                        widths,
                        current: None,
                    })
                }
                None => diags.push(Diagnostic::warning(
                    line,
                    format!("column_layout: `{value}` is not a list of column widths"),
                    "write relative widths in brackets, e.g. `<!-- column_layout: [1, 2] -->`",
                )),
            }
        }
        "column" => {
            let Some(layout) = open else {
                diags.push(Diagnostic::warning(
                    line,
                    "`column` without a `column_layout` before it",
                    "start the columns with `<!-- column_layout: [1, 1] -->`",
                ));
                return;
            };
            match value.trim().parse::<usize>() {
                Ok(n) if n < layout.widths.len() => layout.current = Some(n),
                _ => diags.push(Diagnostic::warning(
                    line,
                    format!(
                        "column `{value}` does not exist: the layout has {} columns, numbered from 0",
                        layout.widths.len()
                    ),
                    "use a column number below the count in `column_layout`",
                )),
            }
        }
        _ => {
            if let Some(layout) = open.take() {
                layout.close(out);
            }
        }
    }
}

/// `[1, 3, 1]` → `[1, 3, 1]`; `None` unless every width is a positive whole number.
fn widths(value: &str) -> Option<Vec<u32>> {
    let inner = value.trim().strip_prefix('[')?.strip_suffix(']')?;
    let widths: Vec<u32> = inner
        .split(',')
        .map(|w| w.trim().parse().ok().filter(|w: &u32| *w > 0))
        .collect::<Option<_>>()?;
    (!widths.is_empty() && widths.len() <= 12).then_some(widths)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn para(line: usize, step: usize) -> Block {
        Block {
            line,
            step,
            kind: BlockKind::Rule,
        }
    }

    fn d(key: &str, value: &str, line: usize) -> (String, String, usize) {
        (key.to_string(), value.to_string(), line)
    }

    fn lines(blocks: &[Block]) -> Vec<usize> {
        blocks.iter().map(|b| b.line).collect()
    }

    #[test]
    fn blocks_go_to_the_column_named_before_them() {
        let blocks = vec![para(1, 0), para(5, 0), para(7, 1), para(11, 2), para(15, 2)];
        let directives = [
            d("column_layout", "[7, 3]", 3),
            d("column", "1", 4),
            d("column", "0", 9),
            d("reset_layout", "", 13),
        ];
        let mut diags = Vec::new();
        let out = arrange(blocks, &directives, &mut diags);
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(lines(&out), [1, 3, 15]);
        let BlockKind::Columns { widths, columns } = &out[1].kind else {
            panic!("{:?}", out[1]);
        };
        assert_eq!(widths, &[7, 3]);
        assert_eq!(lines(&columns[0]), [11]);
        assert_eq!(lines(&columns[1]), [5, 7]);
        // The columns show from the earliest step of what they hold.
        assert_eq!(out[1].step, 0);
    }

    #[test]
    fn a_layout_open_at_the_end_closes_and_a_new_one_closes_the_old() {
        let blocks = vec![para(3, 1), para(6, 1)];
        let directives = [
            d("column_layout", "[1, 1]", 1),
            d("column", "0", 2),
            d("column_layout", "[1,3,1]", 4),
            d("column", "1", 5),
        ];
        let out = arrange(blocks, &directives, &mut Vec::new());
        assert_eq!(out.len(), 2);
        for (block, want) in out.iter().zip([2, 3]) {
            let BlockKind::Columns { columns, .. } = &block.kind else {
                panic!("{block:?}");
            };
            assert_eq!(columns.len(), want);
            assert_eq!(block.step, 1);
        }
    }

    #[test]
    fn bad_layouts_warn_and_leave_the_blocks_in_the_flow() {
        let blocks = vec![para(3, 0), para(6, 0)];
        let directives = [d("column_layout", "two", 1), d("column", "0", 2)];
        let mut diags = Vec::new();
        let out = arrange(blocks, &directives, &mut diags);
        assert_eq!(lines(&out), [3, 6]);
        assert_eq!(diags.len(), 2, "{diags:?}");
        assert_eq!(diags[0].line, 1);
        let directives = [d("column_layout", "[1, 1]", 1), d("column", "2", 2)];
        let mut diags = Vec::new();
        let out = arrange(vec![para(3, 0)], &directives, &mut diags);
        assert!(diags[0].message.contains("2 columns"), "{diags:?}");
        // Nothing went into a column: the empty layout still takes its place.
        assert_eq!(out.len(), 2);
    }

    #[test]
    fn widths_parse_as_presenterm_writes_them() {
        assert_eq!(widths("[1, 3, 1]"), Some(vec![1, 3, 1]));
        assert_eq!(widths(" [2,1] "), Some(vec![2, 1]));
        assert_eq!(widths("[0, 1]"), None);
        assert_eq!(widths("[]"), None);
        assert_eq!(widths("1, 2"), None);
    }
}
