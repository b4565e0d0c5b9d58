//go:build xla

package train

import "github.com/gomlx/gomlx/backends/xla"

// With the xla build tag, the XLA backend is compiled in; the module then
// needs github.com/gomlx/go-xla (go get github.com/gomlx/gomlx/backends/xla@v0.26.0)
// and cgo. Its automatic download of PJRT plugins is turned off because
// litmine has no network access at run time, so the plugin must already be
// on disk, in a folder listed in PJRT_PLUGIN_LIBRARY_PATH.
func init() {
	xla.EnableAutoInstall(false)
}
