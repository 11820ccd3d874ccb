package main

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"crypto/x509"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"time"

	"github.com/rogpeppe/go-internal/testscript"
)

// pmScript is a fake package manager entry script: it prints its command,
// version, the first PATH entry (the node version's bin folder, which the
// shim puts first) and its arguments, and exits with $PM_EXIT.
func pmScript(cmd, version string) string {
	return `const sep = process.platform === "win32" ? ";" : ":";
console.log("` + cmd + ` ` + version + ` path0=" + process.env.PATH.split(sep)[0] + " args=" + process.argv.slice(2).join(","));
process.exitCode = Number(process.env.PM_EXIT || 0);
`
}

// pmPackage is the npm package and files of one package manager version,
// laid out as the real ones are (see npmreg.PMBin).
func pmPackage(name, version string) (pkg string, files map[string]string) {
	switch {
	case name == "npm":
		return "npm", map[string]string{"bin/npm-cli.js": pmScript("npm", version), "bin/npx-cli.js": pmScript("npx", version)}
	case name == "yarn" && strings.HasPrefix(version, "1."):
		return "yarn", map[string]string{"bin/yarn.js": pmScript("yarn", version)}
	case name == "yarn":
		return "@yarnpkg/cli-dist", map[string]string{"bin/yarn.js": pmScript("yarn", version)}
	case strings.HasPrefix(name, "@pnpm/exe."):
		return name, map[string]string{"pnpm": "#!/bin/sh\necho \"pnpm-native " + version + " args=$*\"\nexit ${PM_EXIT:-0}\n"}
	case strings.HasPrefix(version, "9.") || strings.HasPrefix(version, "10."):
		return "pnpm", map[string]string{"bin/pnpm.cjs": pmScript("pnpm", version), "bin/pnpx.cjs": pmScript("pnpx", version)}
	}
	return "pnpm", map[string]string{"bin/pnpm.mjs": pmScript("pnpm", version), "bin/pnpx.mjs": pmScript("pnpx", version)}
}

// pnpmNative reports whether the test registry's pnpm@version has native
// binaries (12 and later, as on the real registry).
func pnpmNative(version string) bool {
	for _, old := range []string{"9.", "10.", "11."} {
		if strings.HasPrefix(version, old) {
			return false
		}
	}
	return true
}

// pnpmTestTargets are the native pnpm packages the test registry
// publishes: the hosts the tests run on.
var pnpmTestTargets = []string{"linux-x64", "linux-arm64", "linux-x64-musl", "linux-arm64-musl", "darwin-x64", "darwin-arm64"}

// pmTarball builds an npm tarball: package.json and files under package/.
func pmTarball(ts *testscript.TestScript, pkg, version string, files map[string]string) []byte {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	tw := tar.NewWriter(zw)
	files["package.json"] = `{"name":"` + pkg + `","version":"` + version + `"}`
	for _, n := range []string{"package.json", "bin/npm-cli.js", "bin/npx-cli.js", "bin/yarn.js", "bin/pnpm.cjs", "bin/pnpx.cjs", "bin/pnpm.mjs", "bin/pnpx.mjs", "pnpm"} {
		body, ok := files[n]
		if !ok {
			continue
		}
		mode := int64(0o644)
		if n == "pnpm" {
			mode = 0o755
		}
		hdr := &tar.Header{Name: "package/" + n, Mode: mode, Size: int64(len(body)), Typeflag: tar.TypeReg,
			ModTime: time.Date(1985, 10, 26, 8, 15, 0, 0, time.UTC)}
		ts.Check(tw.WriteHeader(hdr))
		_, err := tw.Write([]byte(body))
		ts.Check(err)
	}
	ts.Check(tw.Close())
	ts.Check(zw.Close())
	return buf.Bytes()
}

// cmdPMRegistry starts a local npm registry with package manager versions:
// pmreg [-sign] [-expires DATE] [-tamper|-badsig|-unknownkey|-late NAME@VERSION] NAME@VERSION...
// -sign signs every version (dist.signatures) with a key served at
// /-/npm/v1/keys; -badsig signs another integrity, -unknownkey names a
// key the registry does not list. -expires gives that key an expiry;
// every version is then published (time) in 2024, a -late one in 2030. It sets NPM_CONFIG_REGISTRY,
// and PMHASH_<NAME>_<VERSION> (dots as _) to the sha512 hex corepack would
// pin (the tarball's, or yarn 2+'s bin/yarn.js), PMSHA1_... to the sha1.
// A tampered version is served with one byte changed after its integrity
// was computed.
func cmdPMRegistry(ts *testscript.TestScript, neg bool, args []string) {
	tamper, badSig, unknownKey, late := map[string]bool{}, map[string]bool{}, map[string]bool{}, map[string]bool{}
	var signer *ecdsa.PrivateKey
	expires := ""
	for len(args) > 0 && strings.HasPrefix(args[0], "-") {
		switch args[0] {
		case "-sign":
			var err error
			signer, err = ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
			ts.Check(err)
			args = args[1:]
			continue
		case "-tamper":
			tamper[args[1]] = true
		case "-badsig":
			badSig[args[1]] = true
		case "-unknownkey":
			unknownKey[args[1]] = true
		case "-late":
			late[args[1]] = true
		case "-expires":
			expires = args[1]
		default:
			ts.Fatalf("pmreg: unknown flag %s", args[0])
		}
		args = args[2:]
	}
	type version struct {
		Name     string            `json:"name"`
		Version  string            `json:"version"`
		Dist     json.RawMessage   `json:"dist"`
		Optional map[string]string `json:"optionalDependencies,omitempty"`
	}
	type packument struct {
		Name     string             `json:"name"`
		DistTags map[string]string  `json:"dist-tags"`
		Time     map[string]string  `json:"time,omitempty"`
		Versions map[string]version `json:"versions"`
	}
	docs := map[string]*packument{}
	files := map[string][]byte{}
	var mu sync.Mutex // the handler reads files on the server's goroutines
	mu.Lock()
	defer mu.Unlock()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		body, ok := files[r.URL.Path]
		mu.Unlock()
		if !ok {
			http.NotFound(w, r)
			return
		}
		w.Write(body)
	}))
	ts.Defer(srv.Close)
	// pnpm 12 and later carry native binaries in @pnpm/exe.<target>.
	var expanded []string
	for _, a := range args {
		expanded = append(expanded, a)
		if name, ver, _ := strings.Cut(a, "@"); name == "pnpm" && pnpmNative(ver) {
			for _, t := range pnpmTestTargets {
				expanded = append(expanded, "@pnpm/exe."+t+"@"+ver)
			}
		}
	}
	for _, a := range expanded {
		i := strings.LastIndexByte(a, '@')
		name, ver := a[:i], a[i+1:]
		pkg, fs := pmPackage(name, ver)
		tgz := pmTarball(ts, pkg, ver, fs)
		sum := sha512.Sum512(tgz)
		pin, pin1 := hex.EncodeToString(sum[:]), sha1.Sum(tgz)
		if pkg == "@yarnpkg/cli-dist" {
			s, s1 := sha512.Sum512([]byte(fs["bin/yarn.js"])), sha1.Sum([]byte(fs["bin/yarn.js"]))
			pin, pin1 = hex.EncodeToString(s[:]), s1
		}
		key := strings.NewReplacer(".", "_", "-", "_").Replace(name + "_" + ver)
		ts.Setenv("PMHASH_"+key, pin)
		ts.Setenv("PMSHA1_"+key, hex.EncodeToString(pin1[:]))
		integrity := "sha512-" + base64.StdEncoding.EncodeToString(sum[:])
		if tamper[a] {
			tgz = append([]byte(nil), tgz...)
			tgz[len(tgz)/2] ^= 0xff
		}
		tarPath := "/" + pkg + "/-/" + pkg[strings.LastIndexByte(pkg, '/')+1:] + "-" + ver + ".tgz"
		files[tarPath] = tgz
		distDoc := map[string]any{"tarball": srv.URL + tarPath, "integrity": integrity}
		if signer != nil {
			msg := pkg + "@" + ver + ":" + integrity
			if badSig[a] {
				msg = pkg + "@" + ver + ":sha512-other"
			}
			h := sha256.Sum256([]byte(msg))
			sig, err := ecdsa.SignASN1(rand.Reader, signer, h[:])
			ts.Check(err)
			keyID := "SHA256:nvmgo-test"
			if unknownKey[a] {
				keyID = "SHA256:someone-else"
			}
			distDoc["signatures"] = []map[string]string{{"keyid": keyID, "sig": base64.StdEncoding.EncodeToString(sig)}}
		}
		dist, _ := json.Marshal(distDoc)
		d := docs[pkg]
		if d == nil {
			d = &packument{Name: pkg, DistTags: map[string]string{}, Versions: map[string]version{}}
			docs[pkg] = d
		}
		v := version{Name: pkg, Version: ver, Dist: dist}
		if pkg == "pnpm" && pnpmNative(ver) {
			v.Optional = map[string]string{}
			for _, t := range pnpmTestTargets {
				v.Optional["@pnpm/exe."+t] = ver
			}
		}
		d.Versions[ver] = v
		if expires != "" {
			if d.Time == nil {
				d.Time = map[string]string{}
			}
			d.Time[ver] = map[bool]string{false: "2024-06-01T12:00:00.000Z", true: "2030-06-01T12:00:00.000Z"}[late[a]]
		}
		d.DistTags["latest"] = ver // the last one named is latest
	}
	if signer != nil {
		der, err := x509.MarshalPKIXPublicKey(&signer.PublicKey)
		ts.Check(err)
		key := map[string]string{"keyid": "SHA256:nvmgo-test", "keytype": "ecdsa-sha2-nistp256", "scheme": "ecdsa-sha2-nistp256",
			"key": base64.StdEncoding.EncodeToString(der)}
		if expires != "" {
			key["expires"] = expires
		}
		files["/-/npm/v1/keys"], _ = json.Marshal(map[string]any{"keys": []map[string]string{key}})
	}
	for pkg, d := range docs {
		b, err := json.Marshal(d)
		ts.Check(err)
		files["/"+pkg] = b
	}
	ts.Setenv("NPM_CONFIG_REGISTRY", srv.URL)
	ts.Setenv("npm_config_registry", "")
	ts.Setenv("PMREG", srv.URL)
}
