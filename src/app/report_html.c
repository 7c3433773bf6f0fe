/*
 * report_html.c: the report as one self-contained HTML page. Everything is
 * inline (CSS, SVG charts, no script, no font, no image file), so the page
 * can be mailed or opened offline and shows the same everywhere; the charts
 * use a viewBox 400 units wide and stretch to the screen, so they stay
 * legible on a phone.
 *
 * The first screen says whose messages these are and that both people's
 * words are in it: the report is for them, or for someone they both chose
 * to show it to. Person colours are a neutral palette (no pink and blue:
 * nobody's gender is assumed). Every chart is an <svg class="chart"> with
 * a data-chart name, drawn even when it has nothing to show, so a reader
 * (or the browser test) always finds the same charts. Message texts come
 * only from the kept examples, which a redacted report never has.
 */
#include "app/report.h"

#include "core/internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define W 400 /* chart width in SVG units */

static const char *const palette[] = {"#1b7f79", "#c77d1a", "#6a4c93", "#4f6d8f", "#8c564b", "#3a7d2c"};
#define NPALETTE (sizeof(palette) / sizeof(palette[0]))

static const char *const turn_colours[REPORT_TURN_COUNT] = {"#2e7d32", "#c62828", "#9e9e9e", "#e0a800"};
static const char *const turn_labels[REPORT_TURN_COUNT] = {"turned toward", "turned away", "unclear",
							  "no reply within a day"};

static const char *const month_names[12] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
					    "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

typedef struct html {
	FILE *fp;
	const report *r;
	int oom;
} html;

static void out(html *h, const char *fmt, ...) US__PRINTF(2, 3);

static void out(html *h, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vfprintf(h->fp, fmt, ap);
	va_end(ap);
}

/* Text as HTML (also safe inside a double-quoted attribute). */
static void esc(html *h, const char *s)
{
	for (; s && *s; s++) {
		switch (*s) {
		case '&': fputs("&amp;", h->fp); break;
		case '<': fputs("&lt;", h->fp); break;
		case '>': fputs("&gt;", h->fp); break;
		case '"': fputs("&quot;", h->fp); break;
		case '\'': fputs("&#39;", h->fp); break;
		default: fputc(*s, h->fp);
		}
	}
}

static const char *colour(size_t person)
{
	return palette[person % NPALETTE];
}

static double per100(size_t n, size_t of)
{
	return of ? 100.0 * (double)n / (double)of : 0.0;
}

static void date(html *h, const chat_time *t)
{
	if (t->year <= 0 || t->month < 1 || t->month > 12)
		out(h, "an unknown date");
	else
		out(h, "%d %s %d", t->day, month_names[t->month - 1], t->year);
}

/* "Ana and Ben", "Ana, Ben and Cleo" */
static void names(html *h)
{
	const report *r = h->r;
	for (size_t i = 0; i < r->npeople; i++) {
		if (i)
			out(h, i + 1 == r->npeople ? " and " : ", ");
		out(h, "<strong style=\"color:%s\">", colour(i));
		esc(h, r->people[i].name);
		out(h, "</strong>");
	}
}

static void legend(html *h)
{
	out(h, "<p class=\"legend\">");
	for (size_t i = 0; i < h->r->npeople; i++) {
		out(h, "<span><i style=\"background:%s\"></i>", colour(i));
		esc(h, h->r->people[i].name);
		out(h, "</span>");
	}
	out(h, "</p>\n");
}

static void svg_open(html *h, const char *name, const char *title, int height)
{
	out(h, "<svg class=\"chart\" data-chart=\"%s\" viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"", name, W,
	    height);
	esc(h, title);
	out(h, "\" xmlns=\"http://www.w3.org/2000/svg\"><title>");
	esc(h, title);
	out(h, "</title>\n");
}

static void svg_empty(html *h, const char *name, const char *title, const char *why)
{
	svg_open(h, name, title, 60);
	out(h, "<text x=\"%d\" y=\"34\" text-anchor=\"middle\" class=\"muted\">", W / 2);
	esc(h, why);
	out(h, "</text></svg>\n");
}

/*
 * Horizontal grouped bars: one group per row, one bar per person. vals is
 * rows x people. Labels sit above each group, so long category names do
 * not squeeze the bars on a narrow screen.
 */
static void hbars(html *h, const char *name, const char *title, size_t rows, const char *const *labels,
		  const double *vals, const char *unit, double marker, const char *marker_label)
{
	const report *r = h->r;
	size_t np = r->npeople;
	double max = marker > 0 ? marker : 0;
	for (size_t i = 0; i < rows * np; i++)
		if (vals[i] > max)
			max = vals[i];
	if (max <= 0)
		max = 1;
	const int bar = 12, gap = 3, label = 16, pad = 10, left = 4, right = 56;
	int group = label + (int)np * (bar + gap) + pad;
	int height = (int)rows * group + 30;
	svg_open(h, name, title, height);
	double span = W - left - right;
	for (size_t row = 0; row < rows; row++) {
		int y = (int)row * group + 12;
		out(h, "<text x=\"%d\" y=\"%d\" class=\"lab\">", left, y);
		esc(h, labels[row]);
		out(h, "</text>\n");
		for (size_t p = 0; p < np; p++) {
			double v = vals[row * np + p];
			int by = y + 4 + (int)p * (bar + gap);
			double bw = span * v / max;
			out(h, "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\"><title>", left, by,
			    bw < 0.5 && v > 0 ? 0.5 : bw, bar, colour(p));
			esc(h, r->people[p].name);
			out(h, ": %.1f%s</title></rect>", v, unit);
			out(h, "<text x=\"%.1f\" y=\"%d\" class=\"val\">%.1f%s</text>\n", left + bw + 4, by + bar - 2, v,
			    unit);
		}
	}
	if (marker > 0) {
		double x = left + span * marker / max;
		out(h, "<line x1=\"%.1f\" y1=\"0\" x2=\"%.1f\" y2=\"%d\" class=\"marker\"/>", x, x, height - 14);
		out(h, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" class=\"muted\">", x, height - 3);
		esc(h, marker_label);
		out(h, "</text>\n");
	}
	out(h, "</svg>\n");
}

static void head(html *h)
{
	out(h, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
	       "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
	       "<meta name=\"robots\" content=\"noindex\">\n<title>How we talk: ");
	for (size_t i = 0; i < h->r->npeople; i++) {
		if (i)
			out(h, i + 1 == h->r->npeople ? " and " : ", ");
		esc(h, h->r->people[i].name);
	}
	fputs("</title>\n<style>\n"
	       ":root{--ink:#222;--muted:#666;--line:#ddd;--bg:#fdfcfa}\n"
	       "*{box-sizing:border-box}\n"
	       "body{margin:0;background:var(--bg);color:var(--ink);"
	       "font:16px/1.5 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif}\n"
	       "main{max-width:46rem;margin:0 auto;padding:1rem}\n"
	       "h1{font-size:1.6rem;margin:.5rem 0}h3{font-size:1.05rem;margin:1.25rem 0 .25rem}h2{font-size:1.25rem;margin:2rem 0 .5rem;"
	       "border-top:1px solid var(--line);padding-top:1rem}\n"
	       ".cover{min-height:70vh;display:flex;flex-direction:column;justify-content:center}\n"
	       ".cover .whose{font-size:1.15rem}\n"
	       ".private{background:#f1efe8;border-left:4px solid #1b7f79;padding:.75rem 1rem}\n"
	       ".cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(12rem,1fr));gap:.75rem}\n"
	       ".card{border:1px solid var(--line);border-radius:.5rem;padding:.75rem;background:#fff}\n"
	       ".card h3{margin:0 0 .25rem;font-size:1.05rem}\n"
	       ".card p{margin:.15rem 0}\n"
	       "svg.chart{width:100%;height:auto;display:block;margin:.5rem 0;font-size:12px}\n"
	       "svg .lab{font-size:12px;fill:var(--ink)}svg .val{font-size:11px;fill:var(--muted)}\n"
	       "svg .muted{font-size:11px;fill:var(--muted)}\n"
	       "svg .marker{stroke:#333;stroke-dasharray:4 3;stroke-width:1}\n"
	       "svg .axis{stroke:var(--line);stroke-width:1}\n"
	       ".legend span{display:inline-block;margin-right:1rem;font-size:.9rem}\n"
	       ".legend i{display:inline-block;width:.8rem;height:.8rem;border-radius:2px;margin-right:.3rem;"
	       "vertical-align:-1px}\n"
	       ".note{color:var(--muted);font-size:.9rem}\n"
	       "blockquote{margin:.5rem 0;padding:.5rem .75rem;background:#fff;border:1px solid var(--line);"
	       "border-radius:.5rem;overflow-wrap:anywhere}\n"
	       "blockquote p{margin:.2rem 0}blockquote .who{font-weight:600}\n"
	       "table{border-collapse:collapse;width:100%;font-size:.95rem}\n"
	       "td,th{border-bottom:1px solid var(--line);padding:.3rem;text-align:left;vertical-align:top}\n"
	       "td.n,th.n{text-align:right}\n"
	       ".scroll{overflow-x:auto}\n"
	       "@media print{.cover{min-height:auto}}\n"
	       "</style>\n</head>\n<body>\n<main>\n",
	      h->fp);
}

static void cover(html *h)
{
	const report *r = h->r;
	out(h, "<section class=\"cover\" id=\"whose\">\n<h1>How we talk</h1>\n<p class=\"whose\">This report "
	       "holds the messages of ");
	names(h);
	out(h, ", from ");
	date(h, &r->first);
	out(h, " to ");
	date(h, &r->last);
	out(h, ": %zu messages", r->messages);
	if (r->source) {
		out(h, " from <code>");
		esc(h, r->source);
		out(h, "</code>");
	}
	out(h, ".</p>\n<p class=\"private\"><strong>%s words are in it.</strong> It is for the %s of them, or "
	       "for someone they both chose to show it to. It counts patterns in words; it does not know what "
	       "was meant, and it judges nobody.</p>\n",
	    r->npeople == 2 ? "Both people's" : "Everyone's", r->npeople == 2 ? "two" : "people");
	if (r->opts.redact)
		out(h, "<p class=\"note\">This copy is redacted: it holds counts only, not one message text.</p>\n");
	out(h, "<p class=\"note\">Scroll down for: at a glance, healthy and harmful talk, bids for "
	       "connection, month by month, I / we / you, feelings, and scripts.</p>\n</section>\n");
}

static void glance(html *h)
{
	const report *r = h->r;
	out(h, "<section id=\"glance\">\n<h2>At a glance</h2>\n<div class=\"cards\">\n");
	for (size_t i = 0; i < r->npeople; i++) {
		const report_counts *c = &r->people[i].total;
		double ratio;
		out(h, "<div class=\"card\" style=\"border-top:4px solid %s\"><h3>", colour(i));
		esc(h, r->people[i].name);
		out(h, "</h3><p>%zu messages, %zu words</p>", c->messages, c->words);
		if (report_ratio(c, &ratio) == 0)
			out(h, "<p>%.1f healthy for each harmful (stable couples: about 5)</p>", ratio);
		else if (c->healthy)
			out(h, "<p>%zu healthy, no harmful pattern found</p>", c->healthy);
		else
			out(h, "<p>no healthy or harmful pattern found</p>");
		out(h, "<p>%zu bids for connection</p></div>\n", c->bids);
	}
	out(h, "</div>\n");
	if (r->skipped_lines)
		out(h, "<p class=\"note\">%zu lines of the export could not be read and were skipped.</p>\n",
		    r->skipped_lines);
	out(h, "</section>\n");
}

static void ratio_chart(html *h)
{
	const report *r = h->r;
	out(h, "<section id=\"ratio\">\n<h2>Healthy for each harmful</h2>\n<p>Healthy findings (i-statements, "
	       "reflection, appreciation, vulnerability, repair) for each harmful one (criticism, contempt, "
	       "defensiveness, stonewalling, dismissal, suppression, appeasement). Research on stable couples "
	       "finds about 5 positive moments for each negative one in conflict.</p>\n");
	legend(h);
	double *vals = calloc(r->npeople ? r->npeople : 1, sizeof(double));
	int any = 0;
	if (!vals) {
		h->oom = 1;
		return;
	}
	for (size_t i = 0; i < r->npeople; i++) {
		double v;
		const report_counts *c = &r->people[i].total;
		if (report_ratio(c, &v))
			v = (double)c->healthy; /* no harmful finding: each healthy one over one */
		vals[i] = v;
		any |= c->healthy || c->harmful;
	}
	static const char *const label[] = {"healthy per harmful"};
	if (any)
		hbars(h, "ratio", "Healthy findings for each harmful one, per person", 1, label, vals, "", 5.0,
		      "5:1");
	else
		svg_empty(h, "ratio", "Healthy findings for each harmful one", "No healthy or harmful pattern found.");
	out(h, "</section>\n");
	free(vals);
}

static void categories_chart(html *h)
{
	const report *r = h->r;
	const char *labels[US_CAT_COUNT];
	size_t np = r->npeople;
	double *vals = calloc(US_CAT_COUNT * (np ? np : 1), sizeof(double));
	if (!vals) {
		h->oom = 1;
		return;
	}
	/* Talk first (harmful, then healthy), scripts last, as in TAXONOMY.md. */
	static const us_category order[US_CAT_COUNT] = {
		US_CAT_CRITICISM,   US_CAT_CONTEMPT,     US_CAT_DEFENSIVENESS, US_CAT_STONEWALLING,
		US_CAT_DISMISSAL,   US_CAT_SUPPRESSION,  US_CAT_APPEASEMENT,   US_CAT_I_STATEMENT,
		US_CAT_REFLECTION,  US_CAT_APPRECIATION, US_CAT_VULNERABILITY, US_CAT_REPAIR,
		US_CAT_STEREOTYPE,  US_CAT_GENDERED_ROLE, US_CAT_GENDERED_TERM};
	for (size_t k = 0; k < US_CAT_COUNT; k++) {
		labels[k] = us_category_name(order[k]);
		for (size_t p = 0; p < np; p++) {
			const report_counts *c = &r->people[p].total;
			vals[k * np + p] = per100(c->categories[order[k]], c->messages);
		}
	}
	out(h, "<section id=\"categories\">\n<h2>Every pattern, per 100 messages</h2>\n<p>How often each "
	       "pattern of talk and each gender script was found, per 100 of each person's messages.</p>\n");
	legend(h);
	hbars(h, "categories", "Findings per 100 messages, by category and person", US_CAT_COUNT, labels, vals, "",
	      0, NULL);
	out(h, "</section>\n");
	free(vals);
}

static void quote(html *h, size_t person, const chat_time *t, const char *text)
{
	out(h, "<p><span class=\"who\" style=\"color:%s\">", colour(person));
	esc(h, h->r->people[person].name);
	out(h, "</span> <span class=\"note\">");
	date(h, t);
	out(h, "</span>");
	if (text) {
		out(h, "<br>");
		esc(h, text);
	}
	out(h, "</p>");
}

static void bids_section(html *h)
{
	const report *r = h->r;
	out(h, "<section id=\"bids\">\n<h2>Bids for connection</h2>\n<p>A bid is a message that says a feeling "
	       "or a need (a vulnerability or an i-statement). The first message after it by someone else "
	       "turns <strong>toward</strong> it (reflection, appreciation, repair, or a question) or "
	       "<strong>away</strong> (dismissal, criticism, contempt, stonewalling), is unclear (none of "
	       "those), or does not come within a day.</p>\n<p class=\"legend\">");
	for (int t = 0; t < REPORT_TURN_COUNT; t++)
		out(h, "<span><i style=\"background:%s\"></i>%s</span>", turn_colours[t], turn_labels[t]);
	out(h, "</p>\n");
	size_t total = 0;
	for (size_t i = 0; i < r->npeople; i++)
		total += r->people[i].total.bids;
	if (!total) {
		svg_empty(h, "bids", "How bids were answered", "No bid for connection found.");
	} else {
		/* One stacked bar per bidder: the shares of how the bids were met. */
		int row = 40, height = (int)r->npeople * row + 8;
		svg_open(h, "bids", "How each person's bids were answered", height);
		for (size_t i = 0; i < r->npeople; i++) {
			const report_counts *c = &r->people[i].total;
			size_t n = 0;
			for (int t = 0; t < REPORT_TURN_COUNT; t++)
				n += c->turns[t];
			int y = (int)i * row + 14;
			out(h, "<text x=\"4\" y=\"%d\" class=\"lab\">", y);
			esc(h, r->people[i].name);
			out(h, "'s bids (%zu)</text>\n", c->bids);
			double x = 4, span = W - 8;
			for (int t = 0; t < REPORT_TURN_COUNT && n; t++) {
				double w = span * (double)c->turns[t] / (double)n;
				if (!c->turns[t])
					continue;
				out(h, "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"16\" fill=\"%s\"><title>%s: %zu"
				       "</title></rect>",
				    x, y + 4, w, turn_colours[t], turn_labels[t], c->turns[t]);
				if (w > 18)
					out(h, "<text x=\"%.1f\" y=\"%d\" class=\"val\" fill=\"#fff\" style=\"fill:#fff\">%zu"
					       "</text>",
					    x + 3, y + 16, c->turns[t]);
				x += w;
			}
			out(h, "\n");
		}
		out(h, "</svg>\n");
	}
	static const char *const short_labels[REPORT_TURN_COUNT] = {"toward", "away", "unclear", "no reply"};
	out(h, "<div class=\"scroll\"><table><tr><th>whose bids</th><th class=\"n\">bids</th>");
	for (int t = 0; t < REPORT_TURN_COUNT; t++)
		out(h, "<th class=\"n\">%s</th>", short_labels[t]);
	out(h, "</tr>\n");
	for (size_t i = 0; i < r->npeople; i++) {
		const report_counts *c = &r->people[i].total;
		out(h, "<tr><td>");
		esc(h, r->people[i].name);
		out(h, "</td><td class=\"n\">%zu</td>", c->bids);
		for (int t = 0; t < REPORT_TURN_COUNT; t++)
			out(h, "<td class=\"n\">%zu</td>", c->turns[t]);
		out(h, "</tr>\n");
	}
	out(h, "</table></div>\n");
	if (!r->opts.redact) {
		for (int t = 0; t < REPORT_TURN_COUNT; t++) {
			if (!r->nexamples[t])
				continue;
			out(h, "<h3>Examples: %s</h3>\n", turn_labels[t]);
			for (size_t k = 0; k < r->nexamples[t]; k++) {
				const report_example *e = &r->examples[t][k];
				out(h, "<blockquote>");
				quote(h, e->bid_person, &e->bid_time, e->bid_text);
				if (t != REPORT_NO_REPLY)
					quote(h, e->reply_person, &e->reply_time, e->reply_text ? e->reply_text : "(media)");
				out(h, "</blockquote>\n");
			}
		}
	}
	out(h, "</section>\n");
}

/* Month-by-month lines: healthy (solid) and harmful (dashed) findings per
 * 100 messages, per person. */
static void timeline(html *h)
{
	const report *r = h->r;
	out(h, "<section id=\"timeline\">\n<h2>Month by month</h2>\n<p>Healthy (solid line) and harmful "
	       "(dashed line) findings per 100 messages, each month, so change shows.</p>\n");
	legend(h);
	if (!r->nmonths) {
		svg_empty(h, "timeline", "Healthy and harmful findings by month", "No dated message.");
		out(h, "</section>\n");
		return;
	}
	const int height = 220, left = 34, right = 8, top = 10, bottom = 36;
	double max = 1;
	for (size_t m = 0; m < r->nmonths; m++) {
		for (size_t p = 0; p < r->months[m].npeople; p++) {
			const report_counts *c = &r->months[m].people[p];
			double a = per100(c->healthy, c->messages), b = per100(c->harmful, c->messages);
			max = a > max ? a : max;
			max = b > max ? b : max;
		}
	}
	svg_open(h, "timeline", "Healthy and harmful findings per 100 messages, by month and person", height);
	double span_x = W - left - right, span_y = height - top - bottom;
	double step = r->nmonths > 1 ? span_x / (double)(r->nmonths - 1) : 0;
	/* Axes and three grid lines with their values. */
	for (int g = 0; g <= 2; g++) {
		double v = max * g / 2.0, y = top + span_y - span_y * v / max;
		out(h, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" class=\"axis\"/>", left, y, W - right, y);
		out(h, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\" class=\"muted\">%.0f</text>\n", left - 4, y + 4,
		    v);
	}
	/* Month labels: at most about six, so they never overlap. */
	size_t every = r->nmonths / 6 + 1;
	for (size_t m = 0; m < r->nmonths; m++) {
		if (m % every && m + 1 != r->nmonths)
			continue;
		if (m + 1 == r->nmonths && m % every && (m % every) < every / 2 + 1 && m > 0)
			continue;
		double x = r->nmonths > 1 ? left + step * (double)m : left + span_x / 2;
		/* The end labels lean inward, so they are not cut at the edge. */
		const char *anchor = r->nmonths == 1 ? "middle" : m == 0 ? "start" : m + 1 == r->nmonths ? "end" : "middle";
		out(h, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"%s\" class=\"muted\">%s %02d</text>\n", x,
		    height - bottom + 16, anchor, month_names[r->months[m].month - 1], r->months[m].year % 100);
	}
	for (size_t p = 0; p < r->npeople; p++) {
		for (int kind = 0; kind < 2; kind++) {
			out(h, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\"%s points=\"", colour(p),
			    kind ? " stroke-dasharray=\"5 3\"" : "");
			for (size_t m = 0; m < r->nmonths; m++) {
				const report_month *mo = &r->months[m];
				const report_counts *c = p < mo->npeople ? &mo->people[p] : NULL;
				if (!c || !c->messages)
					continue;
				double v = per100(kind ? c->harmful : c->healthy, c->messages);
				double x = r->nmonths > 1 ? left + step * (double)m : left + span_x / 2;
				out(h, "%.1f,%.1f ", x, top + span_y - span_y * v / max);
			}
			out(h, "\"/>\n");
			/* Dots, so a single month still shows. */
			for (size_t m = 0; m < r->nmonths; m++) {
				const report_month *mo = &r->months[m];
				const report_counts *c = p < mo->npeople ? &mo->people[p] : NULL;
				if (!c || !c->messages)
					continue;
				double v = per100(kind ? c->harmful : c->healthy, c->messages);
				double x = r->nmonths > 1 ? left + step * (double)m : left + span_x / 2;
				out(h, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"2.5\" fill=\"%s\"><title>", x,
				    top + span_y - span_y * v / max, kind ? "#fff" : colour(p));
				esc(h, r->people[p].name);
				out(h, ", %s %d: %.1f %s per 100 messages</title></circle>", month_names[mo->month - 1],
				    mo->year, v, kind ? "harmful" : "healthy");
			}
			out(h, "\n");
		}
	}
	out(h, "</svg>\n<p class=\"note\">In each cell: messages, healthy findings, harmful findings.</p>\n"
	       "<div class=\"scroll\"><table><tr><th>month</th>");
	for (size_t p = 0; p < r->npeople; p++) {
		out(h, "<th class=\"n\">");
		esc(h, r->people[p].name);
		out(h, "</th>");
	}
	out(h, "</tr>\n");
	for (size_t m = 0; m < r->nmonths; m++) {
		const report_month *mo = &r->months[m];
		out(h, "<tr><td>%s %d</td>", month_names[mo->month - 1], mo->year);
		for (size_t p = 0; p < r->npeople; p++) {
			const report_counts *c = p < mo->npeople ? &mo->people[p] : NULL;
			if (c)
				out(h, "<td class=\"n\">%zu, %zu, %zu</td>", c->messages, c->healthy, c->harmful);
			else
				out(h, "<td class=\"n\">0, 0, 0</td>");
		}
		out(h, "</tr>\n");
	}
	out(h, "</table></div>\n</section>\n");
}

static void pronouns_chart(html *h)
{
	const report *r = h->r;
	size_t np = r->npeople;
	static const char *const labels[] = {"I, me, my", "we, us, our", "you, your"};
	double *vals = calloc(3 * (np ? np : 1), sizeof(double));
	if (!vals) {
		h->oom = 1;
		return;
	}
	for (size_t p = 0; p < np; p++) {
		const report_counts *c = &r->people[p].total;
		vals[0 * np + p] = per100(c->pronoun_i, c->words);
		vals[1 * np + p] = per100(c->pronoun_we, c->words);
		vals[2 * np + p] = per100(c->pronoun_you, c->words);
	}
	out(h, "<section id=\"pronouns\">\n<h2>I, we and you</h2>\n<p>Per 100 words. Much \"you\" in hard "
	       "moments often goes with blame; \"I\" with saying one's own side; \"we\" with a shared "
	       "view.</p>\n");
	legend(h);
	hbars(h, "pronouns", "I, we and you per 100 words, per person", 3, labels, vals, "", 0, NULL);
	out(h, "</section>\n");
	free(vals);
}

static void emotions_chart(html *h)
{
	const report *r = h->r;
	size_t np = r->npeople, nf = r->nemotions;
	out(h, "<section id=\"emotions\">\n<h2>Feelings named</h2>\n<p>Feeling words by family, per 100 "
	       "messages: who puts feelings into words, and which.</p>\n");
	legend(h);
	int any = 0;
	for (size_t p = 0; p < np; p++)
		for (size_t f = 0; f < nf; f++)
			any |= r->people[p].emotions[f] != 0;
	double *vals = any ? calloc(nf * np, sizeof(double)) : NULL;
	const char **labels = any ? calloc(nf, sizeof(*labels)) : NULL;
	if (any && (!vals || !labels)) {
		h->oom = 1;
	} else if (!any) {
		svg_empty(h, "emotions", "Feeling words by family", "No feeling word found.");
	} else {
		for (size_t f = 0; f < nf; f++) {
			labels[f] = r->emotion_families[f];
			for (size_t p = 0; p < np; p++)
				vals[f * np + p] = per100(r->people[p].emotions[f], r->people[p].total.messages);
		}
		hbars(h, "emotions", "Feeling words per 100 messages, by family and person", nf, labels, vals, "", 0,
		      NULL);
	}
	free(vals);
	free(labels);
	out(h, "</section>\n");
}

static void scripts_section(html *h)
{
	const report *r = h->r;
	out(h, "<section id=\"scripts\">\n<h2>Scripts</h2>\n<p>Gender scripts found in the messages "
	       "(stereotypes, gendered roles, gendered words), the most frequent first, with what to say "
	       "instead. <code>unscripted rephrase</code> suggests a rewording of a whole message.</p>\n");
	if (!r->nscripts) {
		out(h, "<p>No script found.</p>\n</section>\n");
		return;
	}
	for (size_t i = 0; i < r->nscripts && i < REPORT_TOP_SCRIPTS; i++) {
		const report_script *s = &r->scripts[i];
		out(h, "<h3>");
		esc(h, s->message ? s->message : s->rule);
		out(h, "</h3>\n<p class=\"note\">%s, %zu time%s (rule <code>", us_category_name(s->category), s->count,
		    s->count == 1 ? "" : "s");
		esc(h, s->rule);
		out(h, "</code>)</p>\n");
		if (s->suggestion) {
			out(h, "<p>Instead: ");
			esc(h, s->suggestion);
			out(h, "</p>\n");
		}
		for (size_t k = 0; k < s->nexamples; k++) {
			const report_script_example *e = &s->examples[k];
			out(h, "<blockquote>");
			quote(h, e->person, &e->time, r->opts.redact ? NULL : e->text);
			if (!r->opts.redact && e->matched) {
				out(h, "<p class=\"note\">found: \"");
				esc(h, e->matched);
				out(h, "\"</p>");
			}
			out(h, "</blockquote>\n");
		}
	}
	out(h, "</section>\n");
}

static void method(html *h)
{
	out(h, "<section id=\"method\">\n<h2>How this was counted</h2>\n<p class=\"note\">Each message was read "
	       "by the rules of <code>unscripted check</code>; a finding is a phrase that matches one of its "
	       "patterns, so it can miss what is meant and see what is not. Healthy and harmful count the "
	       "talk patterns only; scripts are counted apart. More bids by the same person before an answer "
	       "count as one. Times are as written in the export, with no time zone. Made by "
	       "<code>unscripted report</code>.</p>\n</section>\n");
}

int report_write_html(const report *r, FILE *fp, us_error *err)
{
	html h = {fp, r, 0};
	head(&h);
	cover(&h);
	glance(&h);
	ratio_chart(&h);
	categories_chart(&h);
	bids_section(&h);
	timeline(&h);
	pronouns_chart(&h);
	emotions_chart(&h);
	scripts_section(&h);
	method(&h);
	out(&h, "</main>\n</body>\n</html>\n");
	if (h.oom)
		return us__error_set(err, US_ENOMEM, "out of memory while writing the HTML report");
	if (ferror(fp))
		return us__error_set(err, US_EIO, "could not write the HTML report");
	return 0;
}
