package embed_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/litmine/litmine/embed"
)

func Example() {
	dir, err := os.MkdirTemp("", "embed-example-")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer os.RemoveAll(dir)
	tokens := filepath.Join(dir, "tokens.txt")
	text := strings.Repeat("LiCoO2 was calcined at 900 °C in air .\nLi2CO3 and Co3O4 were mixed in ethanol .\n", 50)
	if err := os.WriteFile(tokens, []byte(text), 0o644); err != nil {
		fmt.Println(err)
		return
	}

	m, st, err := embed.Train(context.Background(), embed.TextFile(tokens), embed.Config{Dim: 20, Epochs: 2, Workers: 1})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(st.Vocabulary, "words of dimension", m.Dim())
	paths, err := m.WriteDir(dir) // model.bin, vectors.txt, vectors.parquet
	if err != nil {
		fmt.Println(err)
		return
	}

	loaded, err := embed.Load(paths[0])
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(loaded.Contains("LiCoO2"), len(loaded.Vector("LiCoO2")))
	fmt.Println(loaded.Contains("LiNiO2"), len(loaded.Vector("LiNiO2"))) // from its n-grams
	// Output:
	// 15 words of dimension 20
	// true 20
	// false 20
}
