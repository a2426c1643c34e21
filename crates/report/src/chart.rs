//! Charts as SVG, drawn with plotters: a garden's balance month by month per currency, and the
//! flows to the big garden per garden (due against paid). Amounts become floating point here
//! only to place marks on a picture; every figure printed stays exact in the reports.

use std::path::Path;

use plotters::prelude::*;
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;

use crate::output::{self, arg, say};
use crate::{AuditReport, BalanceReport, ReportError};

/// Width of a chart, in pixels.
const WIDTH_PX: u32 = 1100;
/// Height of one panel (one currency, or one garden in one currency), in pixels.
const PANEL_HEIGHT_PX: u32 = 360;
/// Most panels in one picture: beyond, the picture is unreadable; narrow the report instead.
const MAX_PANELS: usize = 40;
/// Most periods along one axis.
const MAX_PERIODS: usize = 240;

const IN_COLOUR: RGBColor = RGBColor(46, 139, 87);
const OUT_COLOUR: RGBColor = RGBColor(205, 92, 92);
const BALANCE_COLOUR: RGBColor = RGBColor(25, 25, 112);
const DUE_COLOUR: RGBColor = RGBColor(190, 190, 190);
const PAID_COLOUR: RGBColor = RGBColor(70, 130, 180);
const SUGGESTED_COLOUR: RGBColor = RGBColor(238, 203, 120);

fn float(value: Decimal) -> f64 {
    value.to_f64().unwrap_or(0.0)
}

/// One panel's data: labels along the x axis and, per label, bars and a line.
struct Panel {
    title: String,
    unit: String,
    /// Decimal places of the currency, for the labels of the y axis.
    places: usize,
    labels: Vec<String>,
    /// Named bar series, drawn side by side (the first left of the second); values may be negative.
    bars: Vec<(String, RGBColor, Vec<f64>)>,
    /// A named line, if any.
    line: Option<(String, RGBColor, Vec<f64>)>,
}

fn chart_error(path: &Path, problem: impl ToString) -> ReportError {
    ReportError::Chart {
        path: path.to_path_buf(),
        problem: problem.to_string(),
    }
}

fn draw(
    path: &Path,
    title: &str,
    panels: &[Panel],
    t: jardins_text::Text,
) -> Result<(), ReportError> {
    let svg = render(title, panels, t).map_err(|problem| chart_error(path, problem))?;
    std::fs::write(path, svg).map_err(|source| ReportError::Io {
        what: say(t, "report-chart-file", &[("path", arg(path.display()))]),
        source,
    })
}

/// The picture as SVG text (plotters escapes every text it writes).
fn render(title: &str, panels: &[Panel], t: jardins_text::Text) -> Result<String, String> {
    if panels.is_empty() {
        return Err(say(t, "report-chart-empty", &[]));
    }
    if panels.len() > MAX_PANELS {
        return Err(say(
            t,
            "report-chart-too-many-panels",
            &[
                ("count", jardins_ledger::Value::Count(panels.len() as u64)),
                ("max", jardins_ledger::Value::Count(MAX_PANELS as u64)),
            ],
        ));
    }
    if let Some(long) = panels.iter().find(|p| p.labels.len() > MAX_PERIODS) {
        return Err(say(
            t,
            "report-chart-too-many-periods",
            &[
                (
                    "count",
                    jardins_ledger::Value::Count(long.labels.len() as u64),
                ),
                ("max", jardins_ledger::Value::Count(MAX_PERIODS as u64)),
            ],
        ));
    }
    let mut svg = String::new();
    {
        let height = 60 + PANEL_HEIGHT_PX * u32::try_from(panels.len()).unwrap_or(1);
        let root = SVGBackend::with_string(&mut svg, (WIDTH_PX, height)).into_drawing_area();
        root.fill(&WHITE).map_err(|e| e.to_string())?;
        let root = root
            .titled(title, ("sans-serif", 24))
            .map_err(|e| e.to_string())?;
        let areas = root.split_evenly((panels.len(), 1));
        for (area, panel) in areas.iter().zip(panels) {
            draw_panel(area, panel).map_err(|e| e.to_string())?;
        }
        root.present().map_err(|e| e.to_string())?;
    }
    Ok(svg)
}

/// The words of a balance chart drawn inside a page, in its reader's language.
pub struct BalanceChartWords {
    pub title: String,
    /// A panel's caption, given the currency's code.
    pub panel: Box<dyn Fn(&str) -> String>,
    pub money_in: String,
    pub money_out: String,
    pub balance: String,
}

fn draw_panel<DB: DrawingBackend>(
    area: &DrawingArea<DB, plotters::coord::Shift>,
    panel: &Panel,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let count = panel.labels.len().max(1);
    let values = panel
        .bars
        .iter()
        .flat_map(|(_, _, v)| v.iter())
        .chain(panel.line.iter().flat_map(|(_, _, v)| v.iter()))
        .copied();
    let (low, high) = values.fold((0.0_f64, 0.0_f64), |(lo, hi), v| (lo.min(v), hi.max(v)));
    let span = (high - low).max(1.0);
    // Room above the marks for the legend, which sits in the upper left corner.
    let (bottom, top) = (low - span * 0.08, high + span * 0.45);
    let x_range = -0.5..(count as f64 - 0.5);
    let mut chart = ChartBuilder::on(area)
        .caption(&panel.title, ("sans-serif", 18))
        .margin(12)
        .x_label_area_size(40)
        .y_label_area_size(80)
        .build_cartesian_2d(x_range, bottom..top)?;
    let labels = &panel.labels;
    let every = (labels.len() / 24).max(1);
    let label_of = |x: &f64| {
        let index = x.round();
        if (x - index).abs() > 0.01 || index < 0.0 {
            return String::new();
        }
        let index = index as usize;
        if index.is_multiple_of(every) {
            labels.get(index).cloned().unwrap_or_default()
        } else {
            String::new()
        }
    };
    chart
        .configure_mesh()
        .disable_x_mesh()
        .x_labels(count.min(48))
        .x_label_formatter(&label_of)
        .y_label_formatter(&|v| format!("{v:.places$}", places = panel.places))
        .y_desc(panel.unit.as_str())
        .draw()?;
    let series = panel.bars.len().max(1) as f64;
    let width = 0.8 / series;
    for (index, (name, colour, values)) in panel.bars.iter().enumerate() {
        let colour = *colour;
        let offset = -0.4 + width * index as f64;
        chart
            .draw_series(values.iter().enumerate().map(|(x, v)| {
                let left = x as f64 + offset;
                Rectangle::new([(left, 0.0), (left + width, *v)], colour.filled())
            }))?
            .label(name.as_str())
            .legend(move |(x, y)| Rectangle::new([(x, y - 5), (x + 12, y + 5)], colour.filled()));
    }
    if let Some((name, colour, values)) = &panel.line {
        let colour = *colour;
        let points: Vec<(f64, f64)> = values
            .iter()
            .enumerate()
            .map(|(x, v)| (x as f64, *v))
            .collect();
        chart
            .draw_series(LineSeries::new(points.clone(), colour.stroke_width(3)))?
            .label(name.as_str())
            .legend(move |(x, y)| {
                PathElement::new(vec![(x, y), (x + 12, y)], colour.stroke_width(3))
            });
        chart.draw_series(
            points
                .into_iter()
                .map(|p| Circle::new(p, 4, colour.filled())),
        )?;
    }
    chart
        .configure_series_labels()
        .background_style(WHITE.mix(0.85))
        .border_style(BLACK)
        .position(SeriesLabelPosition::UpperLeft)
        .draw()?;
    Ok(())
}

impl BalanceReport {
    /// Draws the balance month by month, one panel per currency: money in and out as bars,
    /// the balance at each month's end as a line; its words in English.
    pub fn chart_svg(&self, path: &Path) -> Result<(), ReportError> {
        self.chart_svg_in(path, output::english())
    }

    /// The same chart with its words in `t`'s language.
    pub fn chart_svg_in(&self, path: &Path, t: jardins_text::Text) -> Result<(), ReportError> {
        let panels = self.panels(
            |code| {
                say(
                    t,
                    "report-chart-balance-panel",
                    &[("account", arg(&self.account)), ("currency", arg(code))],
                )
            },
            &say(t, "report-chart-money-in", &[]),
            &say(t, "report-chart-money-out", &[]),
            &say(t, "report-chart-month-end", &[]),
        );
        let who = match &self.garden {
            Some(g) => {
                let id = if g.members_only {
                    "report-chart-garden-members-only"
                } else {
                    "report-chart-garden"
                };
                say(
                    t,
                    id,
                    &[("account", arg(&self.account)), ("name", arg(&g.name))],
                )
            }
            None => say(t, "report-chart-big-garden", &[]),
        };
        draw(
            path,
            &say(t, "report-chart-balance-title", &[("who", arg(who))]),
            &panels,
            t,
        )
    }

    /// The same chart as SVG text with `words` (a page's, in its reader's language `t`), to
    /// be written inline in a page; `None` when there is no month to draw.
    pub fn chart_svg_text(
        &self,
        words: &BalanceChartWords,
        t: jardins_text::Text,
    ) -> Result<Option<String>, ReportError> {
        let panels = self.panels(
            |code| (words.panel)(code),
            &words.money_in,
            &words.money_out,
            &words.balance,
        );
        if panels.is_empty() {
            return Ok(None);
        }
        render(&words.title, &panels, t)
            .map(Some)
            .map_err(|problem| ReportError::Chart {
                path: std::path::PathBuf::from("(inline)"),
                problem,
            })
    }

    /// One panel per currency that moved: money in and out as bars, the month-end balance as
    /// a line, captioned with the words given.
    fn panels(
        &self,
        title: impl Fn(&str) -> String,
        money_in: &str,
        money_out: &str,
        balance: &str,
    ) -> Vec<Panel> {
        self.currencies
            .iter()
            .filter(|c| !c.months.is_empty())
            .map(|c| {
                let months = &c.months;
                Panel {
                    title: title(c.currency.code.as_str()),
                    unit: c.currency.code.to_string(),
                    places: usize::from(c.currency.decimal_places),
                    labels: months.iter().map(|(m, _)| m.to_string()).collect(),
                    bars: vec![
                        (
                            money_in.to_string(),
                            IN_COLOUR,
                            months.iter().map(|(_, f)| float(f.total_in())).collect(),
                        ),
                        (
                            money_out.to_string(),
                            OUT_COLOUR,
                            months.iter().map(|(_, f)| -float(f.total_out())).collect(),
                        ),
                    ],
                    line: Some((
                        balance.to_string(),
                        BALANCE_COLOUR,
                        months.iter().map(|(_, f)| float(f.closing)).collect(),
                    )),
                }
            })
            .collect()
    }
}

impl AuditReport {
    /// Draws, for each garden and currency, what was due and what was paid to the big garden
    /// in each period, and the arrears (below zero) or advance carried; its words in English.
    pub fn chart_svg(&self, path: &Path) -> Result<(), ReportError> {
        self.chart_svg_in(path, output::english())
    }

    /// The same chart with its words in `t`'s language.
    pub fn chart_svg_in(&self, path: &Path, t: jardins_text::Text) -> Result<(), ReportError> {
        let mut panels = Vec::new();
        for garden in &self.gardens {
            for audit in &garden.currencies {
                if audit.periods.is_empty() {
                    continue;
                }
                let mut bars = vec![(
                    say(t, "report-col-due", &[]),
                    DUE_COLOUR,
                    audit.periods.iter().map(|p| float(p.figures.due)).collect(),
                )];
                if audit.periods.iter().any(|p| p.figures.suggested.is_some()) {
                    bars.push((
                        say(t, "report-chart-suggested", &[]),
                        SUGGESTED_COLOUR,
                        audit
                            .periods
                            .iter()
                            .map(|p| float(p.figures.suggested.unwrap_or_default()))
                            .collect(),
                    ));
                }
                bars.push((
                    say(t, "report-col-paid", &[]),
                    PAID_COLOUR,
                    audit
                        .periods
                        .iter()
                        .map(|p| float(p.figures.paid))
                        .collect(),
                ));
                let id = if garden.members_only {
                    "report-chart-audit-panel-members-only"
                } else {
                    "report-chart-audit-panel"
                };
                panels.push(Panel {
                    title: say(
                        t,
                        id,
                        &[
                            (
                                "account",
                                arg(jardins_ledger::Account::Garden(garden.id.clone())),
                            ),
                            ("name", arg(&garden.name)),
                            ("currency", arg(&audit.currency.code)),
                        ],
                    ),
                    unit: audit.currency.code.to_string(),
                    places: usize::from(audit.currency.decimal_places),
                    labels: audit.periods.iter().map(|p| p.label.clone()).collect(),
                    bars,
                    line: Some((
                        say(t, "report-chart-carried", &[]),
                        OUT_COLOUR,
                        audit
                            .periods
                            .iter()
                            .map(|p| float(p.figures.carried))
                            .collect(),
                    )),
                });
            }
        }
        let span = match self.from {
            Some(from) => say(
                t,
                "report-audit-from-to",
                &[("from", arg(t.date(from))), ("to", arg(t.date(self.to)))],
            ),
            None => say(t, "report-audit-up-to", &[("to", arg(t.date(self.to)))]),
        };
        draw(
            path,
            &say(t, "report-chart-audit-title", &[("span", arg(span))]),
            &panels,
            t,
        )
    }
}
