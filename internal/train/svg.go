package train

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"math"
	"strconv"
)

// Plot geometry in SVG user units (pixels).
const (
	plotWidth, plotHeight = 760, 420
	plotLeft, plotRight   = 80, 680
	plotTop, plotBottom   = 50, 360
	maxPlotPoints         = 1000
	lossColor, devColor   = "#1f77b4", "#d62728"
)

// CurvesSVG returns an SVG plot of rows: the training loss (left axis,
// line) and the dev score (right axis, line with dots) against the step.
// Non-finite values are left out. With more than 1,000 steps, the loss
// line shows the mean of each run of consecutive steps. With no rows, it
// draws empty axes.
func CurvesSVG(title string, rows []CurveRow) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d" font-family="sans-serif" font-size="12">`+"\n",
		plotWidth, plotHeight, plotWidth, plotHeight)
	fmt.Fprintf(&b, `<rect width="%d" height="%d" fill="white"/>`+"\n", plotWidth, plotHeight)
	fmt.Fprintf(&b, `<text x="%d" y="28" text-anchor="middle" font-size="15">`, plotWidth/2)
	xml.EscapeText(&b, []byte("Training curves: "+title))
	b.WriteString("</text>\n")

	var steps, losses, devSteps, scores []float64
	for _, row := range rows {
		if finite(row.Loss) {
			steps, losses = append(steps, float64(row.Step)), append(losses, row.Loss)
		}
		if finite(row.DevScore) {
			devSteps, scores = append(devSteps, float64(row.Step)), append(scores, row.DevScore)
		}
	}
	steps, losses = downsample(steps, losses, maxPlotPoints)
	x := newScale(append(append([]float64{}, steps...), devSteps...), plotLeft, plotRight)
	yLoss := newScale(losses, plotBottom, plotTop)
	yDev := newScale(scores, plotBottom, plotTop)

	fmt.Fprintf(&b, `<rect x="%d" y="%d" width="%d" height="%d" fill="none" stroke="#888"/>`+"\n",
		plotLeft, plotTop, plotRight-plotLeft, plotBottom-plotTop)
	drawXAxis(&b, x)
	drawYAxis(&b, yLoss, plotLeft, "end", -6, "training loss", lossColor)
	if len(scores) > 0 {
		drawYAxis(&b, yDev, plotRight, "start", 6, "dev score", devColor)
	}
	drawLine(&b, x, yLoss, steps, losses, lossColor, false)
	drawLine(&b, x, yDev, devSteps, scores, devColor, true)
	if len(steps) == 0 && len(devSteps) == 0 {
		fmt.Fprintf(&b, `<text x="%d" y="%d" text-anchor="middle" fill="#888">no steps yet</text>`+"\n",
			(plotLeft+plotRight)/2, (plotTop+plotBottom)/2)
	}
	b.WriteString("</svg>\n")
	return b.Bytes()
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// scale maps data values in [low, high] to pixels in [from, to], with tick
// marks at round values.
type scale struct {
	low, high, from, to float64
	ticks               []float64
}

// newScale returns a scale covering values, widened to round tick values;
// [0, 1] when there are none.
func newScale(values []float64, from, to float64) scale {
	low, high := 0.0, 1.0
	if len(values) > 0 {
		low, high = values[0], values[0]
		for _, v := range values {
			low, high = math.Min(low, v), math.Max(high, v)
		}
	}
	if high-low < 1e-12*math.Max(1, math.Abs(high)) {
		low, high = low-0.5, high+0.5
	}
	step := niceStep((high - low) / 5)
	s := scale{low: math.Floor(low/step) * step, high: math.Ceil(high/step) * step, from: from, to: to}
	for v := s.low; v <= s.high+step/2; v += step {
		s.ticks = append(s.ticks, math.Round(v/step)*step)
	}
	return s
}

// niceStep returns 1, 2 or 5 times a power of ten, at least raw.
func niceStep(raw float64) float64 {
	power := math.Pow(10, math.Floor(math.Log10(raw)))
	for _, m := range []float64{1, 2, 5, 10} {
		if m*power >= raw {
			return m * power
		}
	}
	return 10 * power
}

func (s scale) pixel(v float64) float64 {
	return s.from + (v-s.low)/(s.high-s.low)*(s.to-s.from)
}

func label(v float64) string {
	return strconv.FormatFloat(v, 'g', 4, 64)
}

func drawXAxis(b *bytes.Buffer, x scale) {
	for _, t := range x.ticks {
		px := x.pixel(t)
		fmt.Fprintf(b, `<line x1="%.1f" y1="%d" x2="%.1f" y2="%d" stroke="#888"/>`, px, plotBottom, px, plotBottom+5)
		fmt.Fprintf(b, `<text x="%.1f" y="%d" text-anchor="middle">%s</text>`+"\n", px, plotBottom+19, label(t))
	}
	fmt.Fprintf(b, `<text x="%d" y="%d" text-anchor="middle">step</text>`+"\n", (plotLeft+plotRight)/2, plotBottom+40)
}

func drawYAxis(b *bytes.Buffer, y scale, axisX int, anchor string, offset int, title, color string) {
	for _, t := range y.ticks {
		py := y.pixel(t)
		fmt.Fprintf(b, `<line x1="%d" y1="%.1f" x2="%d" y2="%.1f" stroke="%s"/>`, axisX, py, axisX+offset, py, color)
		fmt.Fprintf(b, `<text x="%d" y="%.1f" text-anchor="%s" fill="%s">%s</text>`+"\n",
			axisX+offset*2, py+4, anchor, color, label(t))
	}
	titleX := axisX + offset*11
	fmt.Fprintf(b, `<text x="%d" y="%d" text-anchor="middle" fill="%s" transform="rotate(-90 %d %d)">%s</text>`+"\n",
		titleX, (plotTop+plotBottom)/2, color, titleX, (plotTop+plotBottom)/2, title)
}

func drawLine(b *bytes.Buffer, x, y scale, xs, ys []float64, color string, dots bool) {
	if len(xs) == 0 {
		return
	}
	fmt.Fprintf(b, `<polyline fill="none" stroke="%s" stroke-width="1.5" points="`, color)
	for i := range xs {
		fmt.Fprintf(b, "%.1f,%.1f ", x.pixel(xs[i]), y.pixel(ys[i]))
	}
	b.WriteString("\"/>\n")
	if !dots {
		return
	}
	for i := range xs {
		fmt.Fprintf(b, `<circle cx="%.1f" cy="%.1f" r="2.5" fill="%s"/>`+"\n", x.pixel(xs[i]), y.pixel(ys[i]), color)
	}
}

// downsample returns at most n points: the means of consecutive runs of
// points.
func downsample(xs, ys []float64, n int) ([]float64, []float64) {
	if len(xs) <= n {
		return xs, ys
	}
	outX, outY := make([]float64, 0, n), make([]float64, 0, n)
	for k := range n {
		begin, end := k*len(xs)/n, (k+1)*len(xs)/n
		var sumX, sumY float64
		for i := begin; i < end; i++ {
			sumX, sumY = sumX+xs[i], sumY+ys[i]
		}
		count := float64(end - begin)
		outX, outY = append(outX, sumX/count), append(outY, sumY/count)
	}
	return outX, outY
}
