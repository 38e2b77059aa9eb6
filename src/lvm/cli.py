"""The `lvm` command line: parse, call one library function, format.

Heavy modules (scikit-learn, the model) are imported inside the commands that
need them, so `lvm --help`, `--version` and `statements` start fast.  Data
goes to stdout; messages, progress and errors go to stderr.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from . import LABELS, __version__
from .console import EXIT_INTERRUPTED, route_warnings, say, stderr_console, stdout_console
from .errors import LvmError
from .output import FORMATS, RecordWriter, write_records

LABEL_STYLES = {"management": "cyan", "leadership": "magenta", "both": "green", "neither": "dim", "uncertain": "yellow"}


class LvmGroup(click.Group):
    """Turns lvm's own errors into one line and exit 1, and Ctrl-C into exit 130."""

    def invoke(self, ctx: click.Context):
        route_warnings()
        try:
            return super().invoke(ctx)
        except LvmError as exc:
            if os.environ.get("LVM_DEBUG"):
                raise
            raise click.ClickException(str(exc)) from None
        except KeyboardInterrupt:
            say("interrupted")
            raise click.exceptions.Exit(EXIT_INTERRUPTED) from None
        except BrokenPipeError:
            raise  # the reader went away (`| head`): main() exits quietly
        except OSError as exc:  # a full disk or a vanished file, mid-run
            where = f"{exc.filename}: " if exc.filename else ""
            raise click.ClickException(f"{where}{exc.strerror or exc}") from None


def _version_text() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        sklearn = version("scikit-learn")
    except PackageNotFoundError:
        sklearn = "not installed"
    lines = [f"lvm {__version__}", f"scikit-learn {sklearn}"]
    try:
        from .modelstore import describe_active_model

        lines.append(describe_active_model())
    except LvmError as exc:
        lines.append(f"model: unavailable ({exc})")
    return "\n".join(lines)


def _print_version(ctx: click.Context, _param, value: bool) -> None:
    if value and not ctx.resilient_parsing:
        click.echo(_version_text())
        ctx.exit()


# --- shared options -----------------------------------------------------------


def format_option(command):
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(FORMATS),
        default="table",
        show_default=True,
        help="table for people; json, jsonl, csv or tsv for programs.",
    )(command)


def model_option(command):
    return click.option(
        "--model",
        "model",
        metavar="PATH",
        default=None,
        help="Model card (.json), model file (.joblib) or folder. Default: $LVM_MODEL, "
        "then your retrained model, then the bundled one.",
    )(command)


def threshold_option(command):
    return click.option(
        "--threshold",
        type=click.FloatRange(0.0, 1.0),
        default=None,
        metavar="P",
        help="Report the label as 'uncertain' when its probability is below P.",
    )(command)


def _classifier(model: str | None, threshold: float | None = None):
    from .predict import Classifier

    return Classifier.load(model, threshold)


def _table_record(record: dict) -> dict:
    """What a person wants to see of a prediction: text, label, confidence."""
    keep = ("index", "line", "boilerplate", "text", "label", "confidence")
    return {k: record[k] for k in keep if k in record}


def _write_predictions(records, fmt: str, stream, title=None) -> dict[str, int]:
    """Write prediction records in any format; return counts per label."""
    counts: dict[str, int] = {}
    console = None  # rich is imported only for tables: machine formats start faster
    if fmt == "table":
        if stream is sys.stdout:
            console = stdout_console()
        else:
            from rich.console import Console

            console = Console(file=stream, no_color=True, width=200)
    writer = RecordWriter(stream, fmt, console=console, title=title, styles={"label": "bold"})
    for record in records:
        counts[record["label"]] = counts.get(record["label"], 0) + 1
        writer.write(_table_record(record) if fmt == "table" else record)
    writer.close()
    return counts


@click.group(cls=LvmGroup, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.option(
    "--version",
    is_flag=True,
    expose_value=False,
    is_eager=True,
    callback=_print_version,
    help="Show lvm, scikit-learn and model versions, then exit.",
)
def cli() -> None:
    """Tell whether statements describe management, leadership, both, or neither.

    \b
    Examples:
      lvm classify "Managers draw up budgets."
      lvm tag report.txt --format csv --output tags.csv
      lvm statements data/sources/001_16663e3a3872eb12.txt
      lvm train --data my_labels.csv

    Errors exit with status 1, wrong usage with 2, Ctrl-C with 130.
    """


# --- statements ---------------------------------------------------------------


@cli.command()
@click.argument("file", metavar="FILE|-")
@format_option
def statements(file: str, fmt: str) -> None:
    """Split a text file into statements, flagging site boilerplate.

    Each record has the document, the statement's index, its character
    offsets into the file (start, end), whether it is boilerplate, and its
    text.  Use - to read standard input.

    \b
    Example:
      lvm statements article.txt --format jsonl
    """
    from .loader import iter_file_statements

    console = stdout_console() if fmt == "table" else None
    write_records((s.to_dict() for s in iter_file_statements(file)), fmt, sys.stdout, console=console)


# --- classify -----------------------------------------------------------------


def _stdin_statements():
    stream = click.get_text_stream("stdin", encoding="utf-8", errors="replace")
    for line in stream:
        text = line.strip()
        if text:
            yield text


@cli.command()
@click.argument("statement", nargs=-1)
@format_option
@model_option
@threshold_option
def classify(statement: tuple[str, ...], fmt: str, model: str | None, threshold: float | None) -> None:
    """Tag each STATEMENT; with none (or -), read one statement per line from stdin.

    \b
    Examples:
      lvm classify "Managers draw up budgets." "Leaders set the direction."
      cat statements.txt | lvm classify --format jsonl
    """
    if not statement or statement == ("-",):
        texts = _stdin_statements()
    else:
        for number, text in enumerate(statement, start=1):
            if not text.strip():
                raise click.BadParameter(f"statement {number} is empty", param_hint="STATEMENT")
        texts = iter(statement)
    classifier = _classifier(model, threshold)
    records = (p.to_dict() for p in classifier.iter_predict(texts))
    _write_predictions(records, fmt, sys.stdout)


# --- tag ----------------------------------------------------------------------


def _progress(path: str):
    """A progress bar on stderr for large files on a terminal, else None."""
    if path == "-" or not sys.stderr.isatty():
        return None
    try:
        size = os.path.getsize(path)
    except OSError:
        return None
    if size < 1 << 20:
        return None
    from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

    return Progress(
        TextColumn("tagging"), BarColumn(), TextColumn("{task.percentage:>3.0f}%"), TimeRemainingColumn(),
        console=stderr_console(), transient=True,
    ), size


def _summary(counts: dict[str, int], boilerplate: int) -> None:
    from rich.table import Table

    table = Table(title="Statements per label")
    table.add_column("label")
    table.add_column("statements", justify="right")
    table.add_column("share", justify="right")
    total = sum(counts.values()) or 1
    for label in (*LABELS, "uncertain"):
        if label in counts:
            table.add_row(label, str(counts[label]), f"{counts[label] / total:.0%}")
    table.add_row("(boilerplate flagged)", str(boilerplate), "")
    stdout_console().print(table)


@cli.command()
@click.argument("file", metavar="FILE|-")
@click.option("--lines", is_flag=True, help="Treat each non-empty line as one statement (no splitting).")
@click.option("--output", "-o", "output", type=click.Path(dir_okay=False, writable=True), default=None,
              help="Write records to this file (atomically) instead of stdout.")
@click.option("--jobs", "-j", type=click.IntRange(1, 64), default=1, show_default=True,
              help="Worker processes for prediction; output order is kept.")
@format_option
@model_option
@threshold_option
def tag(file: str, lines: bool, output: str | None, jobs: int, fmt: str, model: str | None, threshold: float | None) -> None:
    """Tag every statement of a text file (or stdin with -), streaming.

    Statements come from lvm's splitter, with boilerplate flagged; with
    --lines each non-empty line is one statement.  Records keep input order
    and carry doc, index, start, end, boilerplate, text, label, confidence
    and every label's score.

    \b
    Examples:
      lvm tag report.txt
      lvm tag big.txt --lines --format jsonl --jobs 2 --output tags.jsonl
    """
    from .tagging import tag_file

    classifier = _classifier(model, threshold)
    records = tag_file(file, classifier, lines=lines, jobs=jobs)
    progress = _progress(file)
    boilerplate = 0

    def counted(stream_records):
        nonlocal boilerplate
        for record in stream_records:
            boilerplate += record["boilerplate"]
            if progress:
                progress[0].update(task, completed=record["end"])
            yield record

    if progress:
        progress[0].start()
        task = progress[0].add_task("tag", total=progress[1])
    try:
        if output:
            from .atomic import atomic_write

            with atomic_write(output) as handle:
                counts = _write_predictions(counted(records), fmt, handle)
            say(f"wrote {sum(counts.values())} records to {output}")
        else:
            counts = _write_predictions(counted(records), fmt, sys.stdout)
    finally:
        if progress:
            progress[0].stop()
    if fmt == "table":
        _summary(counts, boilerplate)


# --- train --------------------------------------------------------------------


def _metrics_table(title: str, comparison: dict, console) -> None:
    from rich.table import Table

    model, baseline = comparison["model"], comparison["baseline"]
    table = Table(title=title)
    table.add_column("")
    for name in ("precision", "recall", "F1"):
        table.add_column(name, justify="right")
    table.add_column("baseline F1", justify="right")
    table.add_column("support", justify="right")
    for label in model["labels"]:
        m, b = model["per_class"][label], baseline["per_class"][label]
        table.add_row(label, f"{m['precision']:.3f}", f"{m['recall']:.3f}", f"{m['f1']:.3f}", f"{b['f1']:.3f}", str(m["support"]))
    table.add_section()
    table.add_row("accuracy", "", "", f"{model['accuracy']:.3f}", f"{baseline['accuracy']:.3f}", str(model["n"]))
    table.add_row("macro-F1", "", "", f"[bold]{model['f1_macro']:.3f}[/]", f"{baseline['f1_macro']:.3f}", str(model["n"]))
    console.print(table)


def _confusion_table(title: str, metrics: dict, console) -> None:
    from rich.table import Table

    table = Table(title=title)
    table.add_column("true \\ predicted")
    for label in metrics["labels"]:
        table.add_column(label, justify="right")
    for label, row in zip(metrics["labels"], metrics["confusion"]):
        table.add_row(label, *(str(v) for v in row))
    console.print(table)


@cli.command()
@click.option("--data", "data", multiple=True, type=click.Path(dir_okay=False), metavar="FILE",
              help="Labelled CSV or JSONL (text,label); repeat for several. Rows override bundled rows with the same text.")
@click.option("--replace", is_flag=True, help="Train on the --data files alone, without the bundled data.")
@click.option("--out", "out", type=click.Path(file_okay=False), default=None, metavar="DIR",
              help="Folder to save the model in. Default: your lvm model folder (see `lvm info`).")
@click.option("--rollback", is_flag=True, help="Restore the previous model (kept as a backup by each train).")
@click.option("--no-backup", is_flag=True, help="Do not keep the previous model as a backup.")
@click.option("--seed", type=int, default=0, show_default=True, help="Random seed: same data and seed, same model.")
@click.option("--jobs", "-j", type=click.IntRange(1, 64), default=2, show_default=True, help="Processes for the search.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def train(data, replace, out, rollback, no_backup, seed, jobs, fmt) -> None:
    """Retrain on the bundled labelled data plus your own labelled files.

    Every file is checked first (a bad row is named by file and line and
    nothing is written).  The settings are chosen by cross-validation and the
    cross-validated scores are printed beside the keyword baseline.  The
    model is saved to your lvm folder, never into the installed package, and
    the previous one is kept: `lvm train --rollback` restores it.

    \b
    Examples:
      lvm train --data my_labels.csv
      lvm train --data a.csv --data b.jsonl --replace --out ./my-model
      lvm train --rollback
    """
    import json

    from .modelstore import rollback as do_rollback
    from .modelstore import save_model
    from .paths import user_model_dir

    folder = Path(out) if out else user_model_dir()
    if rollback:
        if data or replace:
            raise click.UsageError("--rollback takes no --data or --replace")
        card = do_rollback(folder)
        if card is None:
            say(f"set aside your only model in {folder}; the bundled model is in use again")
        else:
            say(f"restored the model trained {card.get('created')} in {folder}")
        return
    if replace and not data:
        raise click.UsageError("--replace needs at least one --data file")
    from .training import load_training_data
    from .training import train as run_training

    loaded = load_training_data(data, replace)  # every row checked before any work
    say(f"{len(loaded[1].examples)} labelled statements; searching settings by cross-validation ...")
    result = run_training(seed=seed, n_jobs=jobs, loaded=loaded)
    card_path = save_model(result.pipeline, result.card, folder, keep_backup=not no_backup)
    card = result.card
    if data:
        say(f"{result.overridden} bundled row(s) overridden by rows of your files with the same text")
    say(f"trained on {card['rows']} statements in {result.seconds:.1f} s; saved to {card_path}")
    if fmt == "json":
        click.echo(json.dumps({"card": str(card_path), **card}, indent=2, default=str))
        return
    console = stdout_console()
    settings = ", ".join(f"{k}={v}" for k, v in card["settings"].items())
    console.print(f"chosen settings: {settings}")
    _metrics_table(f"Cross-validated ({card['cv']['protocol']}) vs keyword baseline", card["cv"], console)


# --- evaluate -----------------------------------------------------------------


@cli.command()
@click.argument("file", required=False, metavar="[FILE]")
@click.option("--cv", "cross", is_flag=True,
              help="Instead of a file: nested 5-fold CV and leave-one-source-out on the training data.")
@click.option("--data", "data", multiple=True, type=click.Path(dir_okay=False), metavar="FILE",
              help="With --cv: extra labelled files (as for train).")
@click.option("--seed", type=int, default=0, show_default=True)
@click.option("--jobs", "-j", type=click.IntRange(1, 64), default=2, show_default=True)
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@model_option
def evaluate(file, cross, data, seed, jobs, fmt, model) -> None:
    """Score the model on a labelled FILE, or cross-validate with --cv.

    FILE is CSV or JSONL with text,label.  Prints accuracy, macro-F1,
    per-class precision/recall/F1 and the confusion matrix, beside the
    keyword baseline (lead* -> leadership, manag* -> management, both ->
    both, neither -> neither).  Score only data the model was not trained on.

    \b
    Examples:
      lvm evaluate held_out.csv
      lvm evaluate --cv            # about a minute on 2 cores
    """
    import json

    from .dataset import read_labelled

    if bool(file) == bool(cross):
        raise click.UsageError("give a labelled FILE, or --cv (not both)")
    console = stdout_console()
    if file:
        from .evaluate import evaluate_file

        examples = read_labelled(file)
        report = evaluate_file(_classifier(model), examples)
        if report["excluded_as_trained_on"]:
            say(f"left out {report['excluded_as_trained_on']} statement(s) the model was trained on")
        if fmt == "json":
            click.echo(json.dumps(report, indent=2))
            return
        _metrics_table(f"{file}: model vs keyword baseline", report, console)
        _confusion_table("Confusion matrix (model)", report["model"], console)
        return
    from .evaluate import cross_validate, leave_one_source_out
    from .training import load_training_data

    _, merged = load_training_data(data)
    examples = merged.examples
    say(f"nested 5-fold cross-validation on {len(examples)} statements ...")
    cv = cross_validate(examples, seed=seed, n_jobs=jobs)
    say("leave one source out ...")
    loso = leave_one_source_out(examples, seed=seed, n_jobs=jobs)
    if fmt == "json":
        click.echo(json.dumps({"cv": cv, "leave_one_source_out": loso}, indent=2))
        return
    _metrics_table("Nested stratified 5-fold CV vs keyword baseline", cv, console)
    _confusion_table("Confusion matrix (nested CV, model)", cv["model"], console)
    from rich.table import Table

    table = Table(title="Leave one source out: train without it, test on it (macro-F1)")
    for column in ("held-out source", "statements", "model", "baseline"):
        table.add_column(column, justify="left" if column == "held-out source" else "right")
    for name, result in loso["sources"].items():
        table.add_row(name, str(result["model"]["n"]), f"{result['model']['f1_macro']:.3f}", f"{result['baseline']['f1_macro']:.3f}")
    table.add_section()
    pooled = loso["documents_pooled"]
    table.add_row("five documents, pooled", str(pooled["model"]["n"]), f"{pooled['model']['f1_macro']:.3f}", f"{pooled['baseline']['f1_macro']:.3f}")
    pooled = loso["all_pooled"]
    table.add_row("all, pooled", str(pooled["model"]["n"]), f"{pooled['model']['f1_macro']:.3f}", f"{pooled['baseline']['f1_macro']:.3f}")
    console.print(table)


# --- explain ------------------------------------------------------------------


@cli.command()
@click.argument("statement")
@click.option("--top", type=click.IntRange(1, 50), default=8, show_default=True, help="How many terms each way.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@model_option
def explain(statement: str, top: int, fmt: str, model: str | None) -> None:
    """Show the label, every probability, and the terms that pushed the decision.

    Each term's weight is its value in the statement times the model's
    coefficient for the label (relative to the other labels): positive
    weights pushed towards the label, negative ones against it.

    \b
    Example:
      lvm explain "Managers plan budgets while leaders inspire people."
    """
    import json

    from .explain import explain as run_explain

    if not statement.strip():
        raise click.BadParameter("the statement is empty", param_hint="STATEMENT")
    loaded = _classifier(model).loaded
    result = run_explain(loaded.pipeline, statement, top=top)
    if fmt == "json":
        click.echo(json.dumps(result.to_dict(), indent=2, ensure_ascii=False))
        return
    from rich.table import Table

    console = stdout_console()
    console.print(f"[bold]{result.label}[/]  " + "  ".join(f"{k} {v:.3f}" for k, v in result.probabilities.items()))
    table = Table(title=f"What pushed towards / against '{result.label}'")
    table.add_column("towards")
    table.add_column("weight", justify="right")
    table.add_column("against")
    table.add_column("weight", justify="right")
    for i in range(max(len(result.towards), len(result.against))):
        t = result.towards[i] if i < len(result.towards) else ("", None)
        a = result.against[i] if i < len(result.against) else ("", None)
        table.add_row(t[0], "" if t[1] is None else f"{t[1]:+.3f}", a[0], "" if a[1] is None else f"{a[1]:+.3f}")
    console.print(table)


# --- report -------------------------------------------------------------------


SHORT = {"management": "mgmt", "leadership": "lead", "both": "both", "neither": "neither"}
# Distinct blocks, so the bars read without colour too (pipes, NO_COLOR).
BLOCKS = {"management": "█", "leadership": "▓", "both": "▒", "neither": "░"}


def _bar(shares: dict[str, float], width: int = 20) -> str:
    """A stacked bar of label shares, one coloured block per 1/width."""
    cells, used = [], 0
    for label in LABELS:
        n = round(shares.get(label, 0.0) * width)
        n = min(n, width - used)
        cells.append(f"[{LABEL_STYLES[label]}]{BLOCKS[label] * n}[/]")
        used += n
    return "".join(cells)


def _print_report(report: dict) -> None:
    from rich.table import Table

    console = stdout_console()
    legend = "  ".join(f"[{LABEL_STYLES[l]}]{BLOCKS[l]}[/] {l}" for l in LABELS)
    table = Table(title="Label shares per document (boilerplate excluded)", caption=legend)
    table.add_column("document", overflow="fold", min_width=12)
    table.add_column("n", justify="right")
    for label in LABELS:
        table.add_column(SHORT[label], justify="right")
    table.add_column("boilerpl.", justify="right")
    table.add_column("shares", no_wrap=True, min_width=20)
    for d in report["documents"]:
        table.add_row(d["doc"], str(d["statements"]), *(f"{d['shares'][l]:.0%}" for l in LABELS), str(d["boilerplate"]), _bar(d["shares"]))
    console.print(table)
    table = Table(title="Most confident statements per label")
    for column in ("label", "document", "#", "statement", "confidence"):
        table.add_column(column, overflow="fold")
    for label, items in report["most_confident"].items():
        for s in items:
            table.add_row(label, s["doc"], str(s["index"]), s["text"], f"{s['confidence']:.3f}")
    console.print(table)
    table = Table(title="Least sure: where more labels would help most")
    for column in ("document", "#", "statement", "guess", "margin"):
        table.add_column(column, overflow="fold")
    for s in report["least_sure"]:
        table.add_row(s["doc"], str(s["index"]), s["text"], s["label"], f"{s['margin']:.3f}")
    console.print(table)
    table = Table(title="Top terms per label (model coefficients)")
    for label in LABELS:
        table.add_column(label)
    terms = report["top_terms"]
    for i in range(max(len(v) for v in terms.values())):
        table.add_row(*(f"{terms[l][i]['term']} {terms[l][i]['weight']:+.2f}" if i < len(terms[l]) else "" for l in LABELS))
    console.print(table)
    model = report["model"]
    cv = model.get("cv")
    if cv:
        _metrics_table(f"Model card: {model['rows']} training statements, {cv['protocol']}", cv, console)
    console.print(f"model {model['card']} ({model['origin']}), lvm {model['lvm_version']}, scikit-learn {model['sklearn_version']}")


@cli.command()
@click.argument("paths", nargs=-1, metavar="[FILE|DIR]...")
@click.option("--html", "html_path", type=click.Path(dir_okay=False), default=None, metavar="FILE",
              help="Also write a self-contained HTML page with charts (needs matplotlib).")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@model_option
def report(paths, html_path, fmt, model) -> None:
    """Report what documents say and how far to trust the model.

    Tags every statement of the files (and the .txt files of folders) given,
    by default the five bundled source documents, and shows per document the
    share of each label (boilerplate excluded), the most confident statements
    per label, the statements the model is least sure of, the top terms per
    label and the model card.

    \b
    Examples:
      lvm report
      lvm report notes/ --html report.html
      lvm report a.txt b.txt --format json
    """
    import json

    from .paths import bundled_sources_dir
    from .report import build_report

    result = build_report(list(paths) or [bundled_sources_dir()], _classifier(model))
    if html_path:
        from .atomic import atomic_write
        from .html import render_html

        page = render_html(result)
        with atomic_write(html_path) as handle:
            handle.write(page)
        say(f"wrote {html_path}")
    if fmt == "json":
        click.echo(json.dumps(result, indent=2, ensure_ascii=False))
    else:
        _print_report(result)


# --- label --------------------------------------------------------------------

KEYS = {"m": "management", "l": "leadership", "b": "both", "n": "neither"}
PROMPT = "[m]anagement [l]eadership [b]oth [n]either, Enter = accept guess, [s]kip [u]ndo [?]guide [q]uit"


def _read_key(interactive: bool) -> str:
    """One key on a terminal; one line (its first character) from a pipe."""
    if interactive:
        key = click.getchar()
    else:
        line = sys.stdin.readline()
        if line == "":
            return "q"  # end of input: stop, keeping every answer
        key = line.strip()[:1]
    if key in ("\r", "\n", ""):
        return "enter"
    if key == "\x03":
        raise KeyboardInterrupt
    return key.lower()


def _show(console, candidate, position: int, total: int) -> None:
    from rich.panel import Panel
    from rich.text import Text

    body = Text()
    if candidate.before:
        body.append(f"… {candidate.before}\n", style="dim")
    body.append(candidate.text, style="bold")
    if candidate.after:
        body.append(f"\n… {candidate.after}", style="dim")
    body.append("\n\nguess: ", style="dim")
    body.append(candidate.guess, style=LABEL_STYLES.get(candidate.guess, ""))
    body.append("   " + "  ".join(f"{label} {p:.2f}" for label, p in candidate.scores.items()), style="dim")
    console.print(Panel(body, title=f"{position}/{total}  {candidate.source}"))


@cli.command()
@click.argument("file", metavar="FILE|-")
@click.option("--out", "out", required=True, type=click.Path(dir_okay=False), metavar="CSV",
              help="Labels file to append to (text,label,source); created if missing, resumed if present.")
@click.option("--lines", is_flag=True, help="Treat each non-empty line as one statement.")
@click.option("--retrain-every", type=click.IntRange(1, None), default=None, metavar="N",
              help="Retrain in the background on bundled + new labels every N answers and re-rank the queue.")
@click.option("--batch", is_flag=True, help="No questions: print the ranked queue as CSV (text, guess, margin).")
@model_option
def label(file, out, lines, retrain_every, batch, model) -> None:
    """Label statements one key at a time, least certain first.

    Statements already in --out or in the training data, and boilerplate,
    are skipped.  Each answer is appended to --out at once, so quitting,
    Ctrl-C or a crash loses nothing and running the same command again
    resumes.  Use the file with `lvm train --data CSV`.

    \b
    Keys: m management, l leadership, b both, n neither, Enter accepts the
    guess, s skips, u undoes the last answer, ? shows the guide, q quits.

    \b
    Examples:
      lvm label report.txt --out labels.csv
      lvm label notes.txt --lines --out labels.csv --retrain-every 20
      lvm label report.txt --out labels.csv --batch > queue.csv
    """
    import csv as csv_module
    import threading

    from .labelling import AnswerFile, candidates, known_texts, rank, summary
    from .paths import bundled_data_dir, bundled_labelled_files

    if file == "-" and not batch:
        raise click.UsageError("answers are read from stdin, so the statements must come from a FILE (or use --batch)")
    answers = AnswerFile(out)
    skip = known_texts([*bundled_labelled_files(), Path(out)])
    classifier = _classifier(model)
    queue = rank(candidates(file, lines, skip), classifier)
    if batch:
        writer = csv_module.writer(sys.stdout, lineterminator="\n")
        writer.writerow(["text", "guess", "margin", "source"])
        for c in queue:
            writer.writerow([c.text, c.guess, c.margin, c.source])
        return

    console = stdout_console()
    if not queue:
        say("nothing to label: every statement is boilerplate or already labelled")
        return
    interactive = sys.stdin.isatty()
    added: list[str] = []
    history: list = []
    retrained: dict = {}
    worker: threading.Thread | None = None

    def retrain() -> None:
        from .modelstore import LoadedModel
        from .predict import Classifier
        from .training import train as run_training

        try:
            result = run_training([out], n_jobs=1)
            retrained["classifier"] = Classifier(LoadedModel(result.pipeline, result.card, Path(out), "session"))
        except LvmError as exc:
            retrained["error"] = str(exc)

    console.print(f"{len(queue)} statements to label, least certain first.")
    console.print(PROMPT, markup=False)
    try:
        position = 0
        while position < len(queue):
            if "classifier" in retrained:
                classifier = retrained.pop("classifier")
                queue[position:] = rank(queue[position:], classifier)
                console.print(f"[green]retrained on bundled + {len(answers.rows())} new labels; re-ranked {len(queue) - position} statements[/]")
            if "error" in retrained:
                say(f"retraining failed: {retrained.pop('error')}")
            candidate = queue[position]
            _show(console, candidate, position + 1, len(queue))
            key = _read_key(interactive)
            if key == "q":
                break
            if key == "?":
                from rich.markdown import Markdown

                console.print(Markdown((bundled_data_dir() / "LABELS.md").read_text(encoding="utf-8")))
                continue
            if key == "s":
                position += 1
                continue
            if key == "u":
                if not history:
                    console.print("[yellow]nothing to undo in this session[/]")
                    continue
                answers.remove_last()
                added.pop()
                position = history.pop()
                console.print("[yellow]undone[/]")
                continue
            chosen = candidate.guess if key == "enter" else KEYS.get(key)
            if chosen not in KEYS.values():
                console.print(f"unknown key {key!r}. {PROMPT}", markup=False)
                continue
            answers.append(candidate, chosen)
            added.append(chosen)
            history.append(position)
            position += 1
            if retrain_every and len(added) % retrain_every == 0 and (worker is None or not worker.is_alive()):
                worker = threading.Thread(target=retrain, daemon=True)
                worker.start()
                console.print("[dim]retraining in the background ...[/]")
    finally:
        counts = ", ".join(f"{k} {v}" for k, v in summary(added).items())
        console.print(f"added {len(added)} labels to {out} ({counts})")
        if added or answers.rows():
            console.print(f"use them: lvm train --data {out}")


# --- info ---------------------------------------------------------------------


@cli.command()
@model_option
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def info(model: str | None, fmt: str) -> None:
    """Show which model is in use, where your lvm folder is, and the model's card.

    \b
    Example:
      lvm info --format json
    """
    import json

    from .modelstore import read_card, resolve
    from .paths import user_home

    card_path, origin = resolve(model)
    card = read_card(card_path)
    if fmt == "json":
        click.echo(json.dumps({"card_path": str(card_path), "origin": origin, "lvm_home": str(user_home()), "card": card}, indent=2))
        return
    from rich.table import Table

    console = stdout_console()
    table = Table(title="Model in use", show_header=False)
    table.add_column("")
    table.add_column("", overflow="fold")
    cv = card.get("cv", {})
    rows = [
        ("origin", origin),
        ("card", str(card_path)),
        ("model file", card.get("model_file", "")),
        ("your lvm folder", f"{user_home()} (set LVM_HOME to move it)"),
        ("created", card.get("created", "")),
        ("lvm / scikit-learn", f"{card.get('lvm_version')} / {card.get('sklearn_version')}"),
        ("training rows", f"{card.get('rows')} " + str(card.get("rows_per_label", ""))),
        ("data", "; ".join(f"{d['file']} ({d['rows_used']} rows, sha256 {d['sha256'][:12]})" for d in card.get("data", []))),
        ("settings", ", ".join(f"{k}={v}" for k, v in card.get("settings", {}).items())),
        ("seed", str(card.get("seed"))),
    ]
    if cv:
        rows += [
            ("CV protocol", cv.get("protocol", "")),
            ("CV macro-F1", f"{cv['model']['f1_macro']:.3f} (keyword baseline {cv['baseline']['f1_macro']:.3f})"),
            ("CV F1 per label", ", ".join(f"{k} {v['f1']:.3f}" for k, v in cv["model"]["per_class"].items())),
        ]
    for key, value in rows:
        table.add_row(key, value)
    console.print(table)


def main() -> None:
    """Console-script entry point: also handles a closed pipe (`lvm ... | head`)."""
    try:
        cli(prog_name="lvm")
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(141)  # what a shell reports for SIGPIPE
