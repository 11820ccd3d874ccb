// Package versions parses the Node.js release index, version specs and project version files, and resolves specs against candidate versions.
package versions
