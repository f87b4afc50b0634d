#!/bin/sh
# fleetprint-agent: collect a package + config fingerprint of this host (or of a mounted root)
# and send it to a Fleetprint server. POSIX sh; needs coreutils, awk, find, sort, and curl or
# wget to send. One self-contained file because servers download it as /agent.sh.
# See agent/README.md for usage, exit codes and scheduling.

set -u
AGENT_VERSION=1.2.0
PROG=fleetprint-agent
LC_ALL=C
export LC_ALL
TAB=$(printf '\t')
NL='
'
# The format parse-rpm.ts reads; keep the two in step.
RPM_QF='%{NAME}\t%{EPOCH}\t%{VERSION}\t%{RELEASE}\t%{ARCH}\n'

die() { _code=$1; shift; printf '%s: %s\n' "$PROG" "$*" >&2; exit "$_code"; }
warn() { printf '%s: warning: %s\n' "$PROG" "$*" >&2; }

usage() {
  cat <<EOF
Usage: $PROG [options]

Collect packages (dpkg, rpm, apk) and config file hashes, and send them to Fleetprint.

  --server URL          Fleetprint server, e.g. https://fleetprint.example.com
  --enroll-secret S     enrollment secret (first run; also FLEETPRINT_ENROLL_SECRET)
  --state-dir DIR       where the host key is kept (default /var/lib/fleetprint)
  --root DIR            fingerprint a mounted root filesystem or unpacked image at DIR
  --image FILE          fingerprint a container image (docker save / docker-archive tar, or an OCI
                        layout as a directory or a tar) without running it
  --image-ref TAG       the image to read when FILE holds several
  --platform OS/ARCH    the platform to read from a multi-platform image (default linux/amd64;
                        OS/ARCH/VARIANT such as linux/arm64/v8 also works)
  --fleet NAME          with --image and --server: the fleet to upload the image to
  --publish             with --image and --server: publish it as the fleet's next spec version
                        (the upload needs FLEETPRINT_TOKEN, an API token, in the environment)
  --hostname NAME       hostname to report (default: DIR/etc/hostname, then hostname)
  --config-paths "P..." space-separated absolute paths to hash (default /etc)
  --print               write the JSON report to stdout and send nothing
  --no-checkin          always send the full report, even when nothing changed
  --no-content          never send config file contents (by default the server may ask for
                        small world-readable text files it has not seen, to show line diffs)
  --max-retries N       retries when the server is busy (HTTP 503/429); default 5, 0 = none
                        (also FLEETPRINT_MAX_RETRIES)
  --help, --version

Exit codes: 0 sent, unchanged or printed, 1 local failure, 2 usage error, 3 cannot send,
4 the server refused, 5 the server stayed busy (the next scheduled run will try again).
EOF
}

SERVER='' SECRET=${FLEETPRINT_ENROLL_SECRET:-} STATE_DIR=/var/lib/fleetprint ROOT_ARG=''
HOST_ARG='' IMAGE_ARG='' IMAGE_REF='' PLATFORM='' FLEET='' PUBLISH=0 CONFIG_PATHS=/etc PRINT=0 CHECKIN=1 SEND_CONTENT=1 MAX_RETRIES=${FLEETPRINT_MAX_RETRIES:-5}
while [ $# -gt 0 ]; do
  case $1 in
    --print) PRINT=1; shift; continue ;;
    --no-checkin) CHECKIN=0; shift; continue ;;
    --no-content) SEND_CONTENT=0; shift; continue ;;
    --publish) PUBLISH=1; shift; continue ;;
    -h|--help) usage; exit 0 ;;
    --version) echo "$PROG $AGENT_VERSION"; exit 0 ;;
    --server=*|--enroll-secret=*|--state-dir=*|--root=*|--hostname=*|--config-paths=*|--max-retries=*|--image=*|--image-ref=*|--platform=*|--fleet=*)
      _opt=${1%%=*}; _val=${1#*=}; shift ;;
    --server|--enroll-secret|--state-dir|--root|--hostname|--config-paths|--max-retries|--image|--image-ref|--platform|--fleet)
      [ $# -ge 2 ] || die 2 "$1 needs a value (see --help)"
      _opt=$1; _val=$2; shift 2 ;;
    *) die 2 "unknown option: $1 (see --help)" ;;
  esac
  case $_opt in
    --server) SERVER=${_val%/} ;;
    --enroll-secret) SECRET=$_val ;;
    --state-dir) STATE_DIR=$_val ;;
    --root) ROOT_ARG=$_val ;;
    --hostname) HOST_ARG=$_val ;;
    --config-paths) CONFIG_PATHS=$_val ;;
    --max-retries) MAX_RETRIES=$_val ;;
    --image) IMAGE_ARG=$_val ;;
    --image-ref) IMAGE_REF=$_val ;;
    --platform) PLATFORM=$_val ;;
    --fleet) FLEET=$_val ;;
  esac
done
# Four digits at most keeps the count clear of shell integer limits.
case $MAX_RETRIES in ''|*[!0-9]*|?????*) die 2 "--max-retries must be a whole number from 0 to 9999: $MAX_RETRIES" ;; esac

if [ -n "$IMAGE_ARG" ]; then
  [ -z "$ROOT_ARG" ] || die 2 "--image and --root exclude each other"
  case ${PLATFORM:=linux/amd64} in [a-z0-9]*/[a-z0-9]*) ;; *) die 2 "--platform must be OS/ARCH such as linux/amd64 or linux/arm64/v8: $PLATFORM" ;; esac
  if [ "$PRINT" = 0 ]; then
    [ -n "$FLEET" ] || die 2 "--image with --server needs --fleet NAME (or use --print)"
    [ -n "${FLEETPRINT_TOKEN:-}" ] || die 2 "--image with --server needs an API token in FLEETPRINT_TOKEN (never on the command line)"
    case $FLEETPRINT_TOKEN in *[!A-Za-z0-9._~+/=-]*) die 2 "FLEETPRINT_TOKEN holds characters a token cannot have" ;; esac
  fi
else
  if [ -n "$IMAGE_REF$FLEET$PLATFORM" ] || [ "$PUBLISH" = 1 ]; then die 2 "--image-ref, --platform, --fleet and --publish go with --image FILE"; fi
fi
if [ "$PRINT" = 0 ]; then
  [ -n "$SERVER" ] || die 2 "--server URL is required (or use --print to write the report to stdout)"
  case $SERVER in http://?*|https://?*) ;; *) die 2 "--server must be an http:// or https:// URL: $SERVER" ;; esac
  if [ -z "$IMAGE_ARG" ] && [ ! -s "$STATE_DIR/host-key" ] && [ -z "$SECRET" ]; then
    die 2 "not enrolled: no host key in $STATE_DIR/host-key; pass --enroll-secret once"
  fi
  if command -v curl >/dev/null 2>&1; then CLIENT=curl
  elif command -v wget >/dev/null 2>&1; then
    # BusyBox wget sends --post-file up to the first NUL byte: only plain JSON goes through it.
    if wget --version 2>/dev/null | grep -q 'GNU Wget'; then CLIENT=wget; else CLIENT=busybox-wget; fi
  else die 3 "cannot send: neither curl nor wget is installed; install one, or use --print and send the report another way"
  fi
fi

# ROOT is the fingerprinted root without a trailing slash: '' means this host's own /.
ROOT='' ROOT_MODE=0
if [ -n "$ROOT_ARG" ]; then
  [ -d "$ROOT_ARG" ] || die 2 "--root $ROOT_ARG is not a directory"
  ROOT=$(cd "$ROOT_ARG" && pwd -P) || die 2 "cannot enter --root $ROOT_ARG"
  if [ "$ROOT" = / ]; then ROOT=''; else ROOT_MODE=1; fi
fi
case $ROOT in *"$NL"*|*"$TAB"*|*\\*) die 2 "--root must not contain newlines, tabs or backslashes" ;; esac

T=$(mktemp -d 2>/dev/null) || { T=${TMPDIR:-/tmp}/fleetprint.$$; (umask 077 && mkdir "$T") || die 1 "cannot create a temporary directory"; }
trap 'rm -rf "$T"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Resolve absolute path $1 inside $ROOT as the kernel would if $ROOT were /: absolute link
# targets restart at $ROOT and '..' stops at it, so no link can lead outside. Sets RESOLVED
# (without the $ROOT prefix). Missing components are kept; callers test what they need.
resolve() {
  _rest=$1 _done='' _n=0
  while [ -n "$_rest" ]; do
    case $_rest in /*) _rest=${_rest#/}; continue ;; esac
    _c=${_rest%%/*}
    case $_rest in */*) _rest=${_rest#*/} ;; *) _rest='' ;; esac
    case $_c in
      .) continue ;;
      ..) _done=${_done%/*}; continue ;;
    esac
    if [ -L "$ROOT$_done/$_c" ]; then
      _n=$((_n + 1))
      [ "$_n" -le 40 ] || return 1
      _t=$(readlink "$ROOT$_done/$_c") || return 1
      case $_t in /*) _done='' ;; esac
      _rest=$_t/$_rest
    else
      _done=$_done/$_c
    fi
  done
  RESOLVED=${_done:-/}
}

# Sets FOUND to the host path of regular file $1 of the fingerprinted root.
root_file() { resolve "$1" && [ -f "$ROOT$RESOLVED" ] && FOUND=$ROOT$RESOLVED; }

# ---- --image: a container image, unpacked into $T and then read as --root ------------------------------------
# Nothing in the image runs and nothing is written outside $T: archives are listed before they are unpacked (a name
# that is absolute, holds "..", or passes through a symlink of the same archive refuses the image), each layer is
# unpacked into an empty folder of its own, and then merged into the root without following any link that lower
# layers left there (a parent that is a link is resolved inside the root, as a container runtime does).
# "path TAB value" for every scalar of a JSON file: /manifests/0/digest, /0/Layers/1 (strings unescaped).
# shellcheck disable=SC2016 # an awk program, not shell
JSON_FLAT_AWK='
  function fail(m) { print "bad JSON: " m > "/dev/stderr"; failed = 1; exit 1 }
  function ws() { while (pos <= n && index(" \t\r\n", substr(s, pos, 1)) > 0) pos++ }
  function str(   out, c, e, rest) {
    out = ""; pos++
    while (pos <= n) {
      rest = substr(s, pos)
      if (!match(rest, /["\\]/)) fail("unterminated string")
      out = out substr(rest, 1, RSTART - 1); pos += RSTART - 1; c = substr(s, pos, 1)
      if (c == "\"") { pos++; gsub(/[\001-\037]/, "?", out); return out }
      e = substr(s, pos + 1, 1); pos += 2
      if (e == "u") { out = out "\\u" substr(s, pos, 4); pos += 4 } else if (index("\"\\/", e) > 0) out = out e; else out = out "?"
    }
    fail("unterminated string")
  }
  function value(path,   c, i, k) {
    ws(); c = substr(s, pos, 1)
    if (c == "{") {
      pos++; ws(); if (substr(s, pos, 1) == "}") { pos++; return }
      while (1) {
        ws(); if (substr(s, pos, 1) != "\"") fail("expected a key at byte " pos)
        k = str(); ws(); if (substr(s, pos, 1) != ":") fail("expected : at byte " pos)
        pos++; value(path "/" k); ws(); c = substr(s, pos, 1); pos++
        if (c == "}") return
        if (c != ",") fail("expected , or } at byte " pos)
      }
    }
    if (c == "[") {
      pos++; ws(); if (substr(s, pos, 1) == "]") { pos++; return }
      for (i = 0; ; i++) {
        value(path "/" i); ws(); c = substr(s, pos, 1); pos++
        if (c == "]") return
        if (c != ",") fail("expected , or ] at byte " pos)
      }
    }
    if (c == "\"") { print path "\t" str(); return }
    if (!match(substr(s, pos), /^[-+.0-9a-zA-Z]+/)) fail("unexpected character at byte " pos)
    print path "\t" substr(s, pos, RLENGTH); pos += RLENGTH
  }
  { s = s $0 "\n" }
  END { if (failed) exit 1; n = length(s); pos = 1; value(""); ws(); if (pos <= n) fail("trailing data") }'

# Checks the listing (tar -tv, GNU or BusyBox) of an archive on stdin; writes the names of its directories to
# $OUT_DIRS, and to $OUT_LINKS the targets of its hard links that are not entries of the archive (a layer's hard link
# may name a file of a lower layer).
# Conservative where the listing is ambiguous (a name holding " -> "): such an archive may be refused, never let by.
# shellcheck disable=SC2016 # an awk program, not shell
LIST_CHECK_AWK='
  function clean(p) { while (substr(p, 1, 2) == "./") p = substr(p, 3); sub(/\/+$/, "", p); return p }
  function outside(p) { return substr(p, 1, 1) == "/" || index("/" p "/", "/../") > 0 }
  function refuse(m) { print m; bad = 1; exit 1 }
  {
    t = substr($0, 1, 1)
    if (index("-dlhcbpsC", t) == 0 || substr($0, 2, 9) !~ /^[-rwxsStT]+$/) refuse("cannot read the listing line: " $0)
    rest = $0; sub(/^[^ ]+ +[^ ]+ +[^ ]+ +[^ ]+ +[^ ]+ /, "", rest)
    name = rest; target = ""
    if (t == "h" && (i = index(rest, " link to ")) > 0) { name = substr(rest, 1, i - 1); target = substr(rest, i + 9) }
    else if ((i = index(rest, " -> ")) > 0) { name = substr(rest, 1, i - 1); target = substr(rest, i + 4) }
    name = clean(name); if (name == "" || name == ".") next
    if (outside(name)) refuse("an entry points outside the image: " name)
    n++; names[n] = name; entry[name] = 1
    if (t == "l") {
      # Every reading of an ambiguous line counts as a link name.
      r = rest; k = ""
      while ((i = index(r, " -> ")) > 0) {
        k = k substr(r, 1, i - 1); if (outside(clean(k))) refuse("an entry points outside the image: " clean(k))
        links[clean(k)] = 1; k = k " -> "; r = substr(r, i + 4)
      }
    } else if (target != "") {
      # A hard link (BusyBox lists them with " -> "): its target is a name of this archive too.
      target = clean(target); if (outside(target)) refuse("a hard link points outside the image: " name " -> " target)
      n++; names[n] = target; hard[target] = 1
    }
    if (t == "d") print name > ENVIRON["OUT_DIRS"]
  }
  END {
    if (bad) exit 1
    for (j = 1; j <= n; j++) {
      m = split(names[j], c, "/"); p = ""
      for (i = 1; i < m; i++) { p = (i > 1 ? p "/" : "") c[i]; if (p in links) refuse("an entry goes through a symlink of the same layer: " names[j] " (through " p ")") }
    }
    for (h in hard) if (!(h in entry)) print h > ENVIRON["OUT_LINKS"]
  }'

# Picks a manifest of an OCI index (index.json, or an image index blob), flattened: by tag ($R_REF) when given, and
# among several that name their platform, the one of $PLATFORM. Prints "digest|mediaType|tag", or "error|why".
# shellcheck disable=SC2016 # an awk program, not shell
INDEX_PICK_AWK='
  { split($1, k, "/") } k[2] != "manifests" { next }
  { i = k[3]; if (!(i in seen)) { seen[i] = 1; order[++n] = i } }
  k[4] == "digest" { dg[i] = $2 } k[4] == "mediaType" { mt[i] = $2 }
  k[4] == "annotations" && k[5] == "org.opencontainers.image.ref.name" { rn[i] = $2 }
  k[4] == "annotations" && k[5] == "io.containerd.image.name" { cn[i] = $2 }
  k[4] == "platform" && k[5] == "os" { os[i] = $2 } k[4] == "platform" && k[5] == "architecture" { ar[i] = $2 }
  k[4] == "platform" && k[5] == "variant" { vr[i] = $2 }
  END {
    ref = ENVIRON["R_REF"]; want = ENVIRON["PLATFORM"]; wv = (split(want, w, "/") >= 3)
    for (j = 1; j <= n; j++) { i = order[j]; t = (cn[i] != "" ? cn[i] : rn[i]); all = all (all == "" ? "" : ", ") (t == "" ? "(untagged)" : t)
      if (ref == "" || ref == rn[i] || ref == cn[i]) { cand[++count] = i } }
    if (n == 0) { print "error|the index lists no manifest"; exit }
    if (ref != "" && count == 0) { print "error|no manifest tagged " ref " in index.json (tags: " all ")"; exit }
    pick = cand[1]
    for (j = 1; j <= count; j++) if (os[cand[j]] == "" || ar[cand[j]] == "") plain++
    if (count > 1 && plain == 0) {
      # One manifest per platform. Attestations (unknown/unknown) are not platforms of the image.
      for (j = 1; j <= count; j++) { i = cand[j]; if (os[i] == "unknown") continue
        p = os[i] "/" ar[i] (vr[i] != "" ? "/" vr[i] : ""); plats = plats (plats == "" ? "" : ", ") p
        if (!found && (p == want || (!wv && os[i] "/" ar[i] == want))) { found = 1; pick = i } }
      if (!found) { print "error|no manifest for platform " want " in the image (platforms: " plats "): pick one with --platform OS/ARCH"; exit }
    } else if (count > 1 && ref == "") { print "error|index.json lists " count " manifests (" all "): pick one with --image-ref TAG"; exit }
    print dg[pick] "|" mt[pick] "|" (cn[pick] != "" ? cn[pick] : rn[pick])
  }'

# decompress FILE: the archive as plain tar on stdout (gzip and zstd are recognised by their first bytes).
decompress() {
  case $(od -An -tx1 -N4 "$1" 2>/dev/null | tr -d ' \n') in
    1f8b*) gzip -dc < "$1" ;;
    28b52ffd) command -v zstd >/dev/null 2>&1 || { echo "zstd-compressed, and zstd is not installed" >&2; return 1; }; zstd -dcq < "$1" ;;
    *) cat < "$1" ;;
  esac
}

# safe_untar ARCHIVE DEST WHAT [LOWER]: unpacks a checked archive into the empty folder DEST; DEST.dirs lists its
# directories. LOWER (a layer's: the image root so far) holds the files its hard links may name besides its own.
safe_untar() {
  { decompress "$1" | tar -tvf - > "$2.list"; } 2> "$T/tar.err" || die 2 "$3 is not a readable tar archive: $(head -n 2 "$T/tar.err" | tr '\n' ' ')"
  [ -s "$2.list" ] || die 2 "$3 is not a readable tar archive (no entries): $(head -n 2 "$T/tar.err" | tr '\n' ' ')"
  : > "$2.dirs"; : > "$2.hard"
  _why=$(OUT_DIRS=$2.dirs OUT_LINKS=$2.hard awk "$LIST_CHECK_AWK" "$2.list") || die 2 "$3 refused: ${_why:-cannot check its listing}"
  mkdir "$2" || die 1 "cannot create $2"
  # A hard link to a file of a lower layer: that file (resolved inside the image root, a regular file) is put in
  # place first, so tar links to it; merging the layer then writes the same content over it.
  while IFS= read -r _h; do
    _low=${4:-}
    if [ -n "$_low" ] && [ -d "$_low" ]; then ROOT=$_low; if resolve "/$_h" && [ -f "$ROOT$RESOLVED" ] && [ ! -L "$ROOT$RESOLVED" ]; then
      case $_h in */*) mkdir -p "$2/${_h%/*}" ;; esac
      cp -p "$ROOT$RESOLVED" "$2/$_h" || die 1 "cannot copy $_h for a hard link of $3"; continue
    fi; fi
    die 2 "$3 refused: a hard link names $_h, which is not a regular file of the image"
  done < "$2.hard"
  { decompress "$1" | tar -xf - -C "$2"; } 2> "$T/tar.err" || die 2 "cannot unpack $3: $(head -n 3 "$T/tar.err" | tr '\n' ' ')"
  [ -z "$(find "$2" -name "*$NL*" 2>/dev/null | head -n 1)" ] || die 2 "$3 has a file name with a newline, which --image does not support"
  # Unpacked as another user, read-only folders would stop the merge and unreadable files would hash as null.
  find "$2" -type d ! -perm -0700 -exec chmod u+rwx {} + 2>/dev/null
  find "$2" -type f ! -perm -0400 -exec chmod u+r {} + 2>/dev/null
  return 0
}

# rel_list DIR FIND-ARGS...: paths below DIR (found without following links), relative, one a line.
rel_list() { _d=$1; shift; find "$_d" -mindepth 1 "$@" | awk -v n=$((${#_d} + 2)) '{ print substr($0, n) }'; }

# apply_layer FILE NAME: applies a layer to $IMG_ROOT (whiteouts first, then its files).
apply_layer() {
  _s=$T/layer _s2=$T/layer.deep
  rm -rf "$_s" "$_s2" "$_s.list" "$_s.dirs" "$_s.hard"
  safe_untar "$1" "$_s" "layer $2" "$IMG_ROOT"
  ROOT=$IMG_ROOT
  rel_list "$_s" -name '.wh.*' > "$T/wh"
  while IFS= read -r _w; do
    _b=${_w##*/}; _dir=''; case $_w in */*) _dir=${_w%/*} ;; esac
    if resolve "/$_dir" && [ -d "$ROOT$RESOLVED" ] && [ ! -L "$ROOT$RESOLVED" ]; then
      if [ "$_b" = .wh..wh..opq ]; then
        find "$ROOT$RESOLVED" -mindepth 1 -maxdepth 1 -exec rm -rf {} +
      else
        _b=${_b#.wh.}
        case $_b in ''|.|..) ;; *) rm -rf "${ROOT:?}${RESOLVED%/}/$_b" ;; esac
      fi
    fi
    rm -rf "${_s:?}/$_w"
  done < "$T/wh"
  if [ ! -d "$IMG_ROOT" ]; then mv "$_s" "$IMG_ROOT" || die 1 "cannot move the first layer"; return 0; fi
  # What this layer replaces in the root (a file over anything, a directory over a file or over a link named in
  # the layer), and the directories that are links in the root but only parents in the layer: their files go
  # through the link, resolved inside the root, one by one (rare).
  rel_list "$_s" -type d > "$T/sd"; rel_list "$_s" ! -type d > "$T/sn"
  rel_list "$IMG_ROOT" > "$T/ra"; rel_list "$IMG_ROOT" ! -type d > "$T/rn"; rel_list "$IMG_ROOT" -type l > "$T/rl"
  awk 'FILENAME == ARGV[1] { ex[$0] = 1; next } FILENAME == ARGV[2] { ra[$0] = 1; next }
    FILENAME == ARGV[3] { rn[$0] = 1; next } FILENAME == ARGV[4] { rl[$0] = 1; next }
    FILENAME == ARGV[5] { if ($0 in rn) { if (($0 in rl) && !($0 in ex)) deep[$0] = 1; else print "rm\t" $0 } next }
    ($0 in ra) { print "rm\t" $0 }
    END { for (d in deep) { m = split(d, c, "/"); p = ""; top = 1
        for (i = 1; i < m; i++) { p = (i > 1 ? p "/" : "") c[i]; if (p in deep) top = 0 }
        if (top) print "deep\t" d } }' "$_s.dirs" "$T/ra" "$T/rn" "$T/rl" "$T/sd" "$T/sn" > "$T/plan"
  while IFS=$TAB read -r _op _p; do
    if [ "$_op" = rm ]; then rm -rf "${IMG_ROOT:?}/$_p"
    else
      case $_p in */*) mkdir -p "$_s2/${_p%/*}" ;; *) mkdir -p "$_s2" ;; esac
      mv "$_s/$_p" "$_s2/$_p" || die 1 "cannot set $_p aside"
    fi
  done < "$T/plan"
  cp -a "$_s/." "$IMG_ROOT/" 2> "$T/cp.err" || die 1 "cannot merge layer $2: $(head -n 2 "$T/cp.err" | tr '\n' ' ')"
  [ -d "$_s2" ] || return 0
  rel_list "$_s2" > "$T/deep"
  while IFS= read -r _e; do
    _dir=''; case $_e in */*) _dir=${_e%/*} ;; esac
    resolve "/$_dir" || { warn "layer $2: symlink loop above $_e; skipped"; continue; }
    _dest=$ROOT${RESOLVED%/}/${_e##*/}
    if [ -d "$_s2/$_e" ] && [ ! -L "$_s2/$_e" ]; then
      if [ -L "$_dest" ]; then grep -qxF "$_e" "$_s.dirs" || continue; rm -f "$_dest"; fi
      [ -d "$_dest" ] || { rm -rf "$_dest"; mkdir -p "$_dest"; }
    else
      rm -rf "$_dest"; mkdir -p "${_dest%/*}" || die 1 "cannot merge $_e of layer $2"
      cp -a "$_s2/$_e" "$_dest" || die 1 "cannot merge $_e of layer $2"
    fi
  done < "$T/deep"
}

# image_file REL: sets FOUND to the regular file REL of the image source (resolved inside it), or stops.
image_file() {
  ROOT=$IMG_SRC
  case /$1/ in *'/../'*) die 2 "$IMAGE_ARG refused: it names a file outside itself: $1" ;; esac
  root_file "/$1" || die 2 "$IMAGE_ARG is not a complete image: $2 $1 is missing"
}
# blob DIGEST WHAT: sets FOUND to the blob, checked against its digest.
blob() {
  case $1 in sha256:*) ;; *) die 2 "$IMAGE_ARG: $2 $1 uses a digest other than sha256, which --image does not read" ;; esac
  _hex=${1#sha256:}
  case $_hex in *[!0-9a-f]*) die 2 "$IMAGE_ARG: $2 has a malformed digest: $1" ;; esac
  [ "${#_hex}" = 64 ] || die 2 "$IMAGE_ARG: $2 has a malformed digest: $1"
  image_file "blobs/sha256/$_hex" "$2"
  [ "$(sha256sum < "$FOUND" | awk '{ print $1 }')" = "$_hex" ] || die 2 "$IMAGE_ARG: $2 $1 does not match its digest (the file is damaged)"
}
flat() { awk "$JSON_FLAT_AWK" "$1" > "$2" 2> "$T/json.err" || die 2 "$IMAGE_ARG: $3 is not valid JSON ($(head -n 1 "$T/json.err"))"; }

prepare_image() {
  IMG_ROOT=$T/rootfs
  if [ -d "$IMAGE_ARG" ]; then IMG_SRC=$(cd "$IMAGE_ARG" && pwd -P) || die 2 "cannot enter $IMAGE_ARG"
  elif [ -f "$IMAGE_ARG" ]; then safe_untar "$IMAGE_ARG" "$T/src" "$IMAGE_ARG"; IMG_SRC=$T/src
  else die 2 "--image $IMAGE_ARG: no such file or directory"; fi
  # The layout may sit in one top folder of the archive.
  if [ ! -f "$IMG_SRC/manifest.json" ] && [ ! -f "$IMG_SRC/index.json" ]; then
    for _d in "$IMG_SRC"/*/; do
      if [ ! -L "${_d%/}" ] && { [ -f "$_d/manifest.json" ] || [ -f "$_d/index.json" ]; }; then IMG_SRC=${_d%/}; break; fi
    done
  fi
  : > "$T/layers"
  if [ -f "$IMG_SRC/manifest.json" ] && [ ! -L "$IMG_SRC/manifest.json" ]; then
    # docker save / skopeo docker-archive: [{"Config","RepoTags","Layers"}]. The image's digest is the sha256 of its
    # config blob (what Docker calls the image ID), as such an archive carries no manifest digest.
    IMG_FORMAT=docker-archive
    flat "$IMG_SRC/manifest.json" "$T/manifest.flat" manifest.json
    R_REF=$IMAGE_REF awk -F '\t' '
      { split($1, k, "/"); i = k[2]; if (!(i in seen)) { seen[i] = 1; order[++n] = i } }
      k[3] == "Config" { cfg[i] = $2 } k[3] == "RepoTags" { tags[i] = tags[i] (tags[i] == "" ? "" : ", ") $2; if (!(i in tag)) tag[i] = $2; if ($2 == ENVIRON["R_REF"]) { hit[i] = 1; tag[i] = $2 } }
      k[3] == "Layers" { layers[i] = layers[i] $2 "\n" }
      END {
        ref = ENVIRON["R_REF"]
        for (j = 1; j <= n; j++) { i = order[j]; all = all (all == "" ? "" : "; ") (tags[i] == "" ? "(untagged)" : tags[i]); if (ref == "" || (i in hit)) { if (pick == "") pick = i; count++ } }
        if (n == 0) { print "error\tmanifest.json lists no image"; exit }
        if (ref != "" && count == 0) { print "error\tno image tagged " ref " in it (tags: " all ")"; exit }
        if (ref == "" && n > 1) { print "error\tit holds " n " images (" all "): pick one with --image-ref TAG"; exit }
        print "config\t" cfg[pick]; print "tag\t" tag[pick]; printf "%s", layers[pick]
      }' "$T/manifest.flat" > "$T/pick"
    _line=$(head -n 1 "$T/pick")
    case $_line in error"$TAB"*) die 2 "$IMAGE_ARG: ${_line#error"$TAB"}" ;; esac
    _cfg=${_line#config"$TAB"}
    [ -n "$_cfg" ] || die 2 "$IMAGE_ARG: manifest.json names no Config"
    image_file "$_cfg" "config"
    IMG_DIGEST=sha256:$(sha256sum < "$FOUND" | awk '{ print $1 }')
    IMG_TAG=$(awk -F '\t' 'NR == 2 { print $2 }' "$T/pick")
    sed '1,2d' "$T/pick" > "$T/layers"
  elif [ -f "$IMG_SRC/index.json" ] && [ ! -L "$IMG_SRC/index.json" ]; then
    # OCI image layout: index.json -> manifest -> layers. The image's digest is the manifest's.
    IMG_FORMAT=oci
    flat "$IMG_SRC/index.json" "$T/index.flat" index.json
    R_REF=$IMAGE_REF PLATFORM=$PLATFORM awk -F '\t' "$INDEX_PICK_AWK" "$T/index.flat" > "$T/pick"
    IFS='|' read -r IMG_DIGEST _mt IMG_TAG < "$T/pick"
    case $IMG_DIGEST in error) die 2 "$IMAGE_ARG: $_mt" ;; esac
    # A multi-platform image: its index (a blob) lists one manifest per platform; --platform picks one. The image's
    # digest stays the index's (what a registry and a deployment name), the layers are the platform's.
    _depth=0 _pdigest=''
    while case $_mt in *index*|*manifest.list*) true ;; *) false ;; esac; do
      _depth=$((_depth + 1)); [ "$_depth" -le 3 ] || die 2 "$IMAGE_ARG: image indexes nested too deep"
      blob "${_pdigest:-$IMG_DIGEST}" index
      flat "$FOUND" "$T/index.flat" "index ${_pdigest:-$IMG_DIGEST}"
      R_REF='' PLATFORM=$PLATFORM awk -F '\t' "$INDEX_PICK_AWK" "$T/index.flat" > "$T/pick"
      IFS='|' read -r _pdigest _mt _ < "$T/pick"
      case $_pdigest in error) die 2 "$IMAGE_ARG: $_mt" ;; esac
    done
    _manifest=${_pdigest:-$IMG_DIGEST}
    blob "$_manifest" manifest
    flat "$FOUND" "$T/manifest.flat" "manifest $_manifest"
    awk -F '\t' '$1 ~ /^\/layers\/[0-9]+\/digest$/ { print $2 }' "$T/manifest.flat" > "$T/layers"
    _cfg=$(awk -F '\t' '$1 == "/config/digest" { print $2 }' "$T/manifest.flat")
    [ -n "$_cfg" ] || die 2 "$IMAGE_ARG: manifest $_manifest names no config"
    blob "$_cfg" config
  else
    die 2 "not an image: no manifest.json or index.json in $IMAGE_ARG"
  fi
  _layer=0
  while IFS= read -r _l; do
    _layer=$((_layer + 1))
    if [ "$IMG_FORMAT" = oci ]; then blob "$_l" "layer $_layer"; else image_file "$_l" "layer $_layer"; fi
    apply_layer "$FOUND" "$_layer ($_l)"
  done < "$T/layers"
  [ -d "$IMG_ROOT" ] || mkdir "$IMG_ROOT"
  rm -rf "$T/layer" "$T/layer.deep" "$T/src"
  ROOT=$IMG_ROOT ROOT_MODE=1
}
if [ -n "$IMAGE_ARG" ]; then prepare_image; fi

# First non-empty, non-comment line of a file, trimmed.
first_line() { awk '{ sub(/\r$/, ""); gsub(/^[ \t]+|[ \t]+$/, "") } /^#/ || $0 == "" { next } { print; exit }' "$1"; }

# One broken source must not silence the others: a collector that cannot read its database (dpkg, apk, rpm) or some
# config paths (configs) records why here, the report goes out with what the others read, and the server shows it on
# the host page. "collector TAB message": the first error line of the tool (its "error: " dropped, the root's path
# shown as /), printable ASCII only and at most 500 characters, so the report's first line stays one line the server
# accepts, and the same failure gives the same text (the report digest) on every run.
: > "$T/collector-errors"
collector_error() {
  _m=$(printf '%s\n' "$3" | awk -v root="$ROOT" -v what="$2" '
    { sub(/\r$/, "") } $0 == "" { next }
    !got || (!err && /^error: /) { line = $0; got = 1; if (/^error: /) err = 1 }
    END {
      sub(/^error: /, "", line)
      if (root != "") while ((i = index(line, root "/")) > 0) line = substr(line, 1, i - 1) substr(line, i + length(root))
      line = what (line == "" ? "" : ": " line)
      gsub(/[^ -~]/, "?", line)
      print substr(line, 1, 500)
    }')
  printf '%s\t%s\n' "$1" "$_m" >> "$T/collector-errors"
  warn "$1: $_m"
}

# ---- OS facts -----------------------------------------------------------------------------
OS_ID=linux OS_VERSION_ID='' OS_PRETTY=Linux
if root_file /etc/os-release || root_file /usr/lib/os-release; then
  awk '
    function unquote(v,   q, out, i, c) {
      q = substr(v, 1, 1)
      if (q != "\"" && q != "\047") { sub(/[ \t]+#.*$/, "", v); return v }
      out = ""
      for (i = 2; i <= length(v); i++) {
        c = substr(v, i, 1)
        if (c == q) break
        # Inside double quotes a backslash escapes only \" \\ \$ and \` (shell rules).
        if (q == "\"" && c == "\\" && index("\"\\$`", substr(v, i + 1, 1)) > 0) { i++; c = substr(v, i, 1) }
        out = out c
      }
      return out
    }
    { sub(/\r$/, ""); sub(/^[ \t]+/, "") }
    /^#/ || index($0, "=") == 0 { next }
    { k = substr($0, 1, index($0, "=") - 1); v = substr($0, index($0, "=") + 1); sub(/[ \t]+$/, "", v); f[k] = unquote(v) }
    END {
      print (("ID" in f) && f["ID"] != "" ? f["ID"] : "linux")
      print (("VERSION_ID" in f) ? f["VERSION_ID"] : "")
      print (("PRETTY_NAME" in f) && f["PRETTY_NAME"] != "" ? f["PRETTY_NAME"] : "Linux")
    }' "$FOUND" > "$T/os" || die 1 "cannot read os-release"
  { read -r OS_ID; read -r OS_VERSION_ID; read -r OS_PRETTY; } < "$T/os"
fi
if [ "$ROOT_MODE" = 1 ]; then KERNEL=''; else KERNEL=$(uname -r); fi

# ---- packages: lines "manager TAB name TAB version TAB arch" ----------------------------------
: > "$T/pkgs"; : > "$T/conffiles"; : > "$T/arch"
if root_file /var/lib/dpkg/status; then
  # Installed = status word "installed", or "triggers-awaited"/"triggers-pending" (configured,
  # only waiting for a trigger). Conffiles come from every package still on disk; when two
  # list one path, an installed package's live entry wins over an obsolete one.
  if OUT_CONF=$T/conffiles OUT_ARCH=$T/arch awk '
    function flush(   i, ok, rank) {
      ok = (st == "installed" || st == "triggers-awaited" || st == "triggers-pending")
      if (pkg != "" && ver != "" && ok) {
        print "dpkg\t" pkg "\t" ver "\t" arch
        if (arch != "all" && arch != "") count[arch]++
        if (pkg == "dpkg") native = arch
      }
      if (pkg != "" && st != "" && st != "not-installed") for (i = 1; i <= nc; i++) {
        rank = (ok ? 2 : 0) + (cobs[i] ? 0 : 1)
        if (!(cpath[i] in best) || rank > best[cpath[i]]) { best[cpath[i]] = rank; cmd5[cpath[i]] = csum[i]; cpkg[cpath[i]] = pkg }
      }
      pkg = ver = arch = st = field = ""; nc = 0
    }
    { sub(/\r$/, ""); sub(/[ \t]+$/, "") }
    $0 == "" { flush(); next }
    /^[ \t]/ {
      if (field != "conffiles") next
      n = split($0, w, /[ \t]+/); o = 0; first = (w[1] == "") ? 2 : 1
      while (n > first + 1 && (w[n] == "obsolete" || w[n] == "remove-on-upgrade")) { if (w[n] == "obsolete") o = 1; n-- }
      if (n < first + 1) next
      p = w[first]; for (i = first + 1; i < n; i++) p = p " " w[i]
      nc++; cpath[nc] = p; csum[nc] = w[n]; cobs[nc] = o
      next
    }
    {
      i = index($0, ":"); if (i == 0) next
      field = tolower(substr($0, 1, i - 1)); v = substr($0, i + 1); sub(/^[ \t]+/, "", v)
      if (field == "package") pkg = v
      else if (field == "version") ver = v
      else if (field == "architecture") arch = v
      else if (field == "status") { split(v, w, /[ \t]+/); st = w[3] }
    }
    END {
      flush()
      for (p in cmd5) print p "\t" cmd5[p] "\t" cpkg[p] > ENVIRON["OUT_CONF"]
      if (native == "") for (a in count) if (count[a] > max) { max = count[a]; native = a }
      if (native != "") print native > ENVIRON["OUT_ARCH"]
    }' "$FOUND" > "$T/dpkg" 2> "$T/dpkg.err"; then cat "$T/dpkg" >> "$T/pkgs"
  else
    : > "$T/conffiles"; : > "$T/arch"
    collector_error dpkg "dpkg status database unreadable" "$(cat "$T/dpkg.err")"
  fi
  if [ ! -s "$T/arch" ] && root_file /var/lib/dpkg/arch; then first_line "$FOUND" > "$T/arch"; fi
fi
if root_file /lib/apk/db/installed; then
  if awk '
    function flush() { if (name != "" && ver != "") print "apk\t" name "\t" ver "\t" arch; name = ver = arch = "" }
    { sub(/\r$/, "") }
    $0 == "" { flush(); next }
    /^P:/ { name = substr($0, 3) } /^V:/ { ver = substr($0, 3) } /^A:/ { arch = substr($0, 3) }
    END { flush() }' "$FOUND" > "$T/apk" 2> "$T/apk.err"; then cat "$T/apk" >> "$T/pkgs"
  else collector_error apk "apk database unreadable" "$(cat "$T/apk.err")"
  fi
  if [ ! -s "$T/arch" ] && root_file /etc/apk/arch; then first_line "$FOUND" > "$T/arch"; fi
fi
if command -v rpm >/dev/null 2>&1; then
  RPMDB=''
  for _d in /usr/lib/sysimage/rpm /var/lib/rpm; do
    if resolve "$_d" && [ -d "$ROOT$RESOLVED" ] && [ -n "$(ls "$ROOT$RESOLVED" 2>/dev/null)" ]; then RPMDB=$RESOLVED; break; fi
  done
  if [ -n "$RPMDB" ]; then
    # Nothing rpm printed before failing is kept: half a package list would read as packages removed.
    rpm --root "${ROOT:-/}" --dbpath "$RPMDB" -qa --qf "$RPM_QF" > "$T/rpm" 2> "$T/rpm.err" \
      || { : > "$T/rpm"; collector_error rpm "rpm database unreadable" "$(cat "$T/rpm.err")"; }
    # gpg-pubkey entries are imported signing keys, not software.
    OUT_ARCH=$T/rpm.arch awk 'BEGIN { FS = "\t" } NF == 5 && $1 != "" && $3 != "" && $1 != "gpg-pubkey" {
        v = ($2 == "(none)" || $2 == "") ? "" : $2 ":"; a = ($5 == "(none)") ? "" : $5
        print "rpm\t" $1 "\t" v $3 "-" $4 "\t" a; if (a != "noarch" && a != "") c[a]++ }
      END { for (a in c) if (c[a] > m) { m = c[a]; best = a } if (best != "") print best > ENVIRON["OUT_ARCH"] }' \
      "$T/rpm" >> "$T/pkgs"
    [ -s "$T/arch" ] || { [ -f "$T/rpm.arch" ] && cat "$T/rpm.arch" > "$T/arch"; }
  fi
fi
[ -s "$T/pkgs" ] || [ -s "$T/collector-errors" ] || warn "no package database found (dpkg, apk or rpm)"
ARCH=$(head -n 1 "$T/arch")
[ -n "$ARCH" ] || ARCH=$(uname -m)
sort -u "$T/pkgs" > "$T/pkgs.sorted"

# ---- identity -----------------------------------------------------------------------------
HOST=$HOST_ARG
if [ -z "$HOST" ] && root_file /etc/hostname; then HOST=$(first_line "$FOUND"); fi
if [ -z "$HOST" ] && [ "$ROOT_MODE" = 0 ]; then HOST=$(hostname 2>/dev/null || uname -n); fi
# An image has no hostname of its own (its /etc/hostname is mostly empty): it is named after its tag, else digest.
if [ -z "$HOST" ] && [ -n "$IMAGE_ARG" ]; then
  HOST=$(printf '%s\n' "${IMG_TAG:-image-${IMG_DIGEST#sha256:}}" | awk '{ gsub(/[^A-Za-z0-9._-]/, "-"); print substr($0, 1, 80) }')
fi
[ -n "$HOST" ] || die 2 "no hostname found in the root: pass --hostname NAME"
case $HOST in *[!A-Za-z0-9._-]*) die 2 "hostname '$HOST' has characters other than A-Z a-z 0-9 . _ -: pass --hostname NAME" ;; esac
[ "${#HOST}" -le 253 ] || die 2 "hostname is longer than 253 characters: pass --hostname NAME"
MACHINE_ID=''
for _f in /etc/machine-id /var/lib/dbus/machine-id; do
  if root_file "$_f"; then MACHINE_ID=$(first_line "$FOUND"); [ -n "$MACHINE_ID" ] && break; fi
done
case $MACHINE_ID in uninitialized|*[!A-Za-z0-9._:-]*) MACHINE_ID='' ;; esac
[ "${#MACHINE_ID}" -le 128 ] || MACHINE_ID=''

# ---- configs ------------------------------------------------------------------------------
# entries: "f TAB path TAB hostpath" or "l TAB path TAB target"; sums: "path TAB sha256".
# A path with a newline, tab or backslash anywhere in it cannot ride these lines as it is, and a file must not
# hide from Fleetprint behind such a name (in /etc/profile.d, say): ESC_SH writes those paths, and link texts
# with such characters, escaped (\n, \t, and \\ for a backslash, so nothing is ambiguous), hashing each file
# itself, to entries.esc ("f TAB path TAB" with no hostpath: no conffile has such a name) and sums.esc.
: > "$T/entries"; : > "$T/sums"; : > "$T/err"; : > "$T/entries.esc"; : > "$T/sums.esc"
if find / -maxdepth 0 -printf '' >/dev/null 2>&1; then GNU_FIND=1; else GNU_FIND=0; fi
# shellcheck disable=SC2016 # a script for `find -exec sh -c`: its variables are expanded there, not here.
ESC_SH='
  TAB=$(printf "\t") NL="
"
  esc() {
    _s=$1 _o=
    case $_s in *"$TAB"*|*"$NL"*|*\\*) ;; *) _o=$_s; return ;; esac
    while [ -n "$_s" ]; do
      _r=${_s#?}; _c=${_s%"$_r"}; _s=$_r
      case $_c in \\) _o="$_o\\\\" ;; "$TAB") _o="$_o\\t" ;; "$NL") _o="$_o\\n" ;; *) _o=$_o$_c ;; esac
    done
  }
  exec 3>> "$OUT/entries.esc" 4>> "$OUT/sums.esc"
  for f do
    esc "$LG${f#"$PH"}"; p=$_o
    [ "${#p}" -le 4096 ] || continue
    if [ -L "$f" ]; then
      # A lone $(readlink) stays cheap under BusyBox (the applet runs in the subshell, no exec); the price is
      # that newlines ending a link text are dropped.
      t=$(readlink "$f") || continue
      esc "$t"
      printf "l\t%s\t%s\n" "$p" "$_o" >&3
    elif [ -f "$f" ]; then
      printf "f\t%s\t\n" "$p" >&3
      h=$(sha256sum < "$f") && h=${h%% *} && [ "${#h}" = 64 ] && printf "%s\t%s\n" "$p" "$h" >&4
    fi
  done'
# shellcheck disable=SC2016 # an awk program, not shell
MAP_AWK='
  BEGIN { ph = ENVIRON["PH"]; lg = ENVIRON["LG"]; n = length(ph) }
  function logical(p) { if (p != ph && substr(p, 1, n + 1) != ph "/") return ""; p = lg substr(p, n + 1); return length(p) > 4096 ? "" : p }
  mode == "sum" {
    h = substr($0, 1, 64); if (length(h) != 64 || h ~ /[^0-9a-f]/) next
    l = logical(substr($0, 67)); if (l != "") print l "\t" h; next
  }
  {
    t = substr($0, 1, 2); r = substr($0, 3)
    if (t == "l\t") { i = index(r, "\t"); if (i == 0) next; x = substr(r, i + 1); r = substr(r, 1, i - 1) }
    else if (t != "f\t") next
    l = logical(r); if (l == "") next
    print substr(t, 1, 1) "\t" l "\t" (t == "f\t" ? r : x)
  }'
set -f
for _p in $CONFIG_PATHS; do
  set +f
  case $_p in /*) ;; *) die 2 "config path must be absolute: $_p" ;; esac
  case $_p in *"$NL"*|*"$TAB"*|*\\*) die 2 "config path must not contain newlines, tabs or backslashes" ;; esac
  while :; do case $_p in */) _p=${_p%/} ;; *//*) _p=$(printf '%s' "$_p" | sed 's://*:/:g') ;; *) break ;; esac; done
  case $_p in '') die 2 "config path / is too broad: name directories such as /etc" ;; esac
  case /$_p/ in */./*|*/../*) die 2 "config path must not contain . or .. components: $_p" ;; esac
  # The parent is resolved inside the root; the path itself is walked by find, which never
  # follows symlinks (its POSIX default, -P in GNU terms), so nothing outside the root is read.
  resolve "${_p%/*}/" || { warn "symlink loop under $_p; skipped"; continue; }
  _ph=${RESOLVED%/}/${_p##*/}
  _ph=$ROOT$_ph
  [ -e "$_ph" ] || [ -L "$_ph" ] || continue
  # -path matches the whole path, so files below a directory with such a name are caught as well.
  # Without GNU find's -printf and -lname, every link is read by ESC_SH.
  if [ "$GNU_FIND" = 1 ]; then
    PH=$_ph LG=$_p OUT=$T find "$_ph" \( \( -path "*$NL*" -o -path "*$TAB*" -o -path '*\\*' \) \( -type f -o -type l \) \
      -o -type l \( -lname "*$NL*" -o -lname "*$TAB*" -o -lname '*\\*' \) \) -exec sh -c "$ESC_SH" sh {} + \
      -o -type f -printf 'f\t%p\n' -o -type l -printf 'l\t%p\t%l\n' 2>> "$T/err"
  else
    PH=$_ph LG=$_p OUT=$T find "$_ph" \( -path "*$NL*" -o -path "*$TAB*" -o -path '*\\*' -o -type l \) \( -type f -o -type l \) \
      -exec sh -c "$ESC_SH" sh {} + -o -type f -exec sh -c 'printf "f\t%s\n" "$@"' sh {} + 2>> "$T/err"
  fi | PH=$_ph LG=$_p awk "$MAP_AWK" >> "$T/entries"
  find "$_ph" \( -name "*$NL*" -o -name "*$TAB*" -o -name '*\\*' \) -prune -o -type f -exec sha256sum {} + 2>> "$T/err" \
    | PH=$_ph LG=$_p awk -v mode=sum "$MAP_AWK" >> "$T/sums"
done
set +f
cat "$T/entries.esc" >> "$T/entries"; cat "$T/sums.esc" >> "$T/sums"
sort -t "$TAB" -k2,2 "$T/entries" > "$T/entries.sorted"

# md5 of the conffiles found on disk, batched into a generated script (no process per file).
awk 'BEGIN { FS = "\t"; q = "\047" }
  function sq(s,   n, parts, i, out) { n = split(s, parts, q); out = parts[1]; for (i = 2; i <= n; i++) out = out q "\\" q q parts[i]; return q out q }
  FILENAME == ARGV[1] { if (length($2) == 32 && $2 !~ /[^0-9a-f]/) want[$1] = 1; next }
  $1 == "f" && $3 != "" && ($2 in want) { line = line " " sq($3); if (++n % 200 == 0) { print "md5sum" line; line = "" } }
  END { if (line != "") print "md5sum" line }' "$T/conffiles" "$T/entries.sorted" > "$T/md5.sh"
sh "$T/md5.sh" > "$T/md5" 2>> "$T/err"
if [ -s "$T/err" ]; then
  _n=$(awk 'END { print NR }' "$T/err"); [ "$_n" = 1 ] && _w=path || _w=paths
  collector_error configs "$_n $_w could not be read (sha256 null)" "$(cat "$T/err")"
  head -n 5 "$T/err" >&2
fi

# ---- the report ---------------------------------------------------------------------------
# Files that differ on every host by construction (hostname, host keys, machine ids: VOLATILE_PATHS in the server's
# lib/core/host-specific.ts, which drops them from fingerprints anyway; a test holds the two equal) are not sent, so
# hosts with the same content send the same report after its first line (the content digest below).
VOLATILE_RE='^(/etc/hostname|/etc/hosts|/etc/mailname|/etc/machine-id|/etc/machine-info|/var/lib/dbus/machine-id|/etc/ssh/ssh_host_[^/]*|/etc/ssl/private/ssl-cert-snakeoil[.]key|/etc/ssl/certs/ssl-cert-snakeoil[.]pem|/etc/iscsi/initiatorname[.]iscsi|/etc/resolv[.]conf|/etc/mtab|/etc/adjtime|/etc/ld[.]so[.]cache|/etc/[.]pwd[.]lock|/etc/[.]updated|/var/[.]updated|/etc/[^/]*-|/etc/lvm/backup/.*|/etc/lvm/archive/.*|/etc/netplan/50-cloud-init[.]yaml|/etc/network/interfaces[.]d/50-cloud-init[^/]*|/etc/udev/rules[.]d/70-persistent-net[.]rules|/etc/apt/apt[.]conf[.]d/01autoremove-kernels|/etc/fleetprint/.*)$'
R_VOLATILE=$VOLATILE_RE R_HOST=$HOST R_MID=$MACHINE_ID R_ID=$OS_ID R_VER=$OS_VERSION_ID R_PRETTY=$OS_PRETTY R_KERNEL=$KERNEL \
R_IMAGE=${IMAGE_ARG:+$IMG_DIGEST$TAB$IMG_TAG$TAB$IMG_FORMAT} R_ARCH=$ARCH R_VERSION=$AGENT_VERSION R_AT=$(date -u +%Y-%m-%dT%H:%M:%SZ) awk '
  BEGIN {
    FS = "\t"
    # Controls and bidirectional marks would make a path lie when a person reads it, so the server refuses them, and
    # it takes only UTF-8; a file must not hide behind such a name either. They are written out as visible text, \xHH
    # for a control byte or a byte that is not UTF-8, \uHHHH for a C1 control (U+0080-U+009F) or a bidi mark: a real
    # backslash is already \\, so nothing is ambiguous.
    for (i = 1; i < 256; i++) ord[sprintf("%c", i)] = i
    for (i = 1; i < 32; i++) ctl[sprintf("%c", i)] = sprintf("\\\\x%02x", i)
    ctl[sprintf("%c", 127)] = "\\\\x7f"
    ctl["\""] = "\\\""; ctl["\\"] = "\\\\"
    special = "[\"\\\\" sprintf("%c", 1) "-" sprintf("%c", 31) sprintf("%c", 127) "-" sprintf("%c", 255) "]"
  }
  # The length of the valid UTF-8 sequence at byte i of s (RFC 3629: no overlong forms, no surrogates), or 0.
  function utf8(s, i,   a, b, n, k, lo, hi) {
    a = ord[substr(s, i, 1)]; b = ord[substr(s, i + 1, 1)]; lo = 128; hi = 191
    if (a >= 194 && a <= 223) n = 2
    else if (a >= 224 && a <= 239) { n = 3; if (a == 224) lo = 160; if (a == 237) hi = 159 }
    else if (a >= 240 && a <= 244) { n = 4; if (a == 240) lo = 144; if (a == 244) hi = 143 }
    else return 0
    if (b < lo || b > hi) return 0
    for (k = 2; k < n; k++) { b = ord[substr(s, i + k, 1)]; if (b < 128 || b > 191) return 0 }
    return n
  }
  # The code point of a C1 control or bidi mark whose UTF-8 starts at byte i of s, or 0.
  function mark(s, i,   a, b, c) {
    a = ord[substr(s, i, 1)]; b = ord[substr(s, i + 1, 1)]; c = ord[substr(s, i + 2, 1)]
    if (a == 194 && b >= 128 && b <= 159) return b
    if (a == 216 && b == 156) return 1564
    if (a == 226 && b == 128 && (c == 142 || c == 143 || (c >= 168 && c <= 174))) return 8192 + c - 128
    if (a == 226 && b == 129 && c >= 166 && c <= 169) return 8256 + c - 128
    return 0
  }
  function js(s,   out, i, c, m, n) {
    if (s !~ special) return "\"" s "\""
    out = ""
    for (i = 1; i <= length(s); i++) {
      c = substr(s, i, 1)
      if (c in ctl) { out = out ctl[c]; continue }
      if (ord[c] < 128) { out = out c; continue }
      # Not UTF-8 (a Latin-1 name, say): the byte is written out, as the server takes only UTF-8.
      n = utf8(s, i)
      if (n == 0) { out = out sprintf("\\\\x%02x", ord[c]); continue }
      m = mark(s, i)
      if (m) out = out sprintf("\\\\u%04x", m)
      else out = out substr(s, i, n)
      i += n - 1
    }
    return "\"" out "\""
  }
  function opt(s) { return s == "" ? "null" : js(s) }
  which == "conf" { cmd5[$1] = $2; cpkg[$1] = $3; next }
  which == "sum" { sha[$1] = $2; next }
  which == "ent" { if (($2 in seen) || $2 ~ ENVIRON["R_VOLATILE"]) next; seen[$2] = 1; n++; et[n] = $1; ep[n] = $2; ex[n] = $3; if ($1 == "f" && $3 != "") phys[$3] = $2; next }
  which == "md5" { p = substr($0, 35); if (p in phys) got[phys[p]] = substr($0, 1, 32); next }
  which == "cerr" { if (ne < 10) { ne++; ce[ne] = "{\"collector\":" js($1) ",\"message\":" js($2) "}" } next }
  which == "pkg" { np++; pk[np] = "{\"manager\":" js($1) ",\"name\":" js($2) ",\"version\":" js($3) ",\"arch\":" js($4) "}"; next }
  END {
    printf "{\"schema\":1,\"agentVersion\":%s,\"hostname\":%s,\"machineId\":%s,\"collectedAt\":%s,", js(ENVIRON["R_VERSION"]), js(ENVIRON["R_HOST"]), opt(ENVIRON["R_MID"]), js(ENVIRON["R_AT"])
    # An image (--image): what it is, on the first line with the other fields that are not content.
    if (split(ENVIRON["R_IMAGE"], im, "\t") == 3) printf "\"image\":{\"digest\":%s,\"tag\":%s,\"format\":%s},", js(im[1]), opt(im[2]), js(im[3])
    # Per host, so on the first line: not part of the content (nor of the fingerprint), but of the digest.
    if (ne) { printf "\"collectorErrors\":["; for (i = 1; i <= ne; i++) printf "%s%s", (i > 1 ? "," : ""), ce[i]; printf "]," }
    printf "\n"
    printf "\"os\":{\"id\":%s,\"versionId\":%s,\"prettyName\":%s,\"kernel\":%s,\"arch\":%s},\n", js(ENVIRON["R_ID"]), js(ENVIRON["R_VER"]), js(ENVIRON["R_PRETTY"]), opt(ENVIRON["R_KERNEL"]), js(ENVIRON["R_ARCH"])
    printf "\"packages\":["
    for (i = 1; i <= np; i++) printf "%s\n%s", (i > 1 ? "," : ""), pk[i]
    printf "],\n\"configs\":["
    for (i = 1; i <= n; i++) {
      p = ep[i]
      if (et[i] == "l") e = "{\"path\":" js(p) ",\"type\":\"symlink\",\"sha256\":null,\"target\":" js(ex[i])
      else e = "{\"path\":" js(p) ",\"type\":\"file\",\"sha256\":" ((p in sha) ? js(sha[p]) : "null")
      if (p in cmd5) {
        e = e ",\"package\":" js(cpkg[p])
        # dpkg-deb only accepts plain files as conffiles, so a link in place of one was put there by hand.
        if (et[i] == "l") e = e ",\"modified\":true"
        else if (p in got) e = e ",\"modified\":" (got[p] != cmd5[p] ? "true" : "false")
      }
      printf "%s\n%s}", (i > 1 ? "," : ""), e
    }
    printf "]}\n"
  }' which=conf "$T/conffiles" which=sum "$T/sums" which=ent "$T/entries.sorted" which=md5 "$T/md5" \
     which=cerr "$T/collector-errors" which=pkg "$T/pkgs.sorted" > "$T/report.json" || die 1 "cannot assemble the report"

if [ "$PRINT" = 1 ]; then cat "$T/report.json"; exit 0; fi

# The digest names the report's content: the same packages and configs give the same digest on
# every run, so collectedAt (the only value that changes by itself) is set to null before hashing.
# The server keeps the digest it last accepted, so an unchanged host only has to show it.
DIGEST=$(sed '1s/"collectedAt":"[^"]*"/"collectedAt":null/' "$T/report.json" | sha256sum | awk '{ print $1 }')
case $DIGEST in *[!0-9a-f]*) DIGEST='' ;; esac
[ "${#DIGEST}" = 64 ] || die 1 "cannot compute the report digest (sha256sum)"
# The content digest names the content alone: the per-host fields are all on the report's first line, so every
# host with these packages, configs and OS sends the same one. The server checks it against a full report before
# it trusts it; then other hosts with this content only show it at check-in (one body per distinct content).
CONTENT=$(sed '1d' "$T/report.json" | sha256sum | awk '{ print $1 }')
case $CONTENT in *[!0-9a-f]*) CONTENT='' ;; esac
[ "${#CONTENT}" = 64 ] || die 1 "cannot compute the content digest (sha256sum)"
# A report with collector errors names no content: another host's report of that content has none of its errors, so
# a check-in "accepted" by content would lose them (and a server from before collectorErrors refuses the first line).
# Such a host checks in by its digest alone and sends its report in full when that changed.
[ ! -s "$T/collector-errors" ] || CONTENT=''

# ---- sending ------------------------------------------------------------------------------
# post URL BODY [HEADER...]: sets STATUS, leaves the answer in $T/answer and the response headers
# in $HEADERS; fails when no HTTP answer came back. Headers go through a config file so keys do
# not show up in ps.
post() {
  _url=$1 _body=$2; shift 2
  : > "$T/answer"; : > "$T/headers"; STATUS='' HEADERS=$T/headers
  if [ "$CLIENT" = curl ]; then
    for _h do printf 'header = "%s"\n' "$_h"; done > "$T/curl.cfg"
    STATUS=$(curl -sS -K "$T/curl.cfg" -X POST --data-binary "@$_body" -o "$T/answer" -D "$T/headers" \
      -w '%{http_code}' --connect-timeout 15 --max-time 300 "$_url" 2> "$T/client.err") || return 1
  else
    # wget -S prints the response headers to stderr. (BusyBox wget stops at the status line of
    # an error answer, so with it a Retry-After is never seen and the default wait applies.)
    HEADERS=$T/client.err
    if [ "$CLIENT" = wget ]; then
      for _h do printf 'header = %s\n' "$_h"; done > "$T/wgetrc"
      WGETRC=$T/wgetrc wget -S --content-on-error -t 1 -T 60 -O "$T/answer" --post-file="$_body" "$_url" 2> "$T/client.err"
    else
      _args=''
      for _h do _args="$_args --header=$(printf '%s' "$_h" | sed 's/ /\\ /g')"; done
      # BusyBox wget: headers on the command line, and no body on errors.
      # (No -T: it crashes BusyBox 1.35 wget.)
      eval "wget -S -O \"\$T/answer\" --post-file=\"\$_body\" $_args \"\$_url\"" 2> "$T/client.err"
    fi
    STATUS=$(sed -n 's/.*HTTP\/[0-9.]* \([0-9][0-9][0-9]\).*/\1/p' "$T/client.err" | tail -n 1)
  fi
  case $STATUS in [1-5][0-9][0-9]) return 0 ;; *) return 1 ;; esac
}

# A string field of the server's JSON answer ("message" and "code" of {"error":{…}}, "hostKey").
answer_field() {
  awk -v key="$1" '{ s = s $0 "\n" } END {
      i = index(s, "\"" key "\""); if (i == 0) exit 1
      s = substr(s, i + length(key) + 2); sub(/^[ \t\r\n]*:[ \t\r\n]*"/, "", s)
      out = ""
      for (i = 1; i <= length(s); i++) {
        c = substr(s, i, 1)
        if (c == "\"") { print out; exit 0 }
        if (c == "\\") { i++; c = substr(s, i, 1); if (c == "n") c = " "; else if (c == "t") c = " " }
        out = out c
      }
      exit 1 }' "$T/answer"
}
# Sets _msg and _code from the server's error answer, or from the status line when it has none.
server_message() {
  _msg=$(answer_field message) || _msg=$(head -c 300 "$T/answer" | tr -d '\000-\037')
  # GNU wget drops the body of a 401, so say what a 401 means here.
  [ -n "$_msg" ] || [ "$STATUS" != 401 ] || _msg="the host key was not accepted; enroll again with --enroll-secret"
  [ -n "$_msg" ] || _msg=$(sed -n 's/.*HTTP\/[0-9.]* [0-9][0-9][0-9] *//p' "$T/client.err" 2>/dev/null | tail -n 1)
  _code=$(answer_field code) || _code=''
}
refused() { server_message; die 4 "the server refused $1 (HTTP $STATUS${_code:+ $_code}): ${_msg:-no message}"; }
cannot_send() { die 3 "cannot reach $SERVER: $(head -n 2 "$T/client.err" | tr '\n' ' ')"; }

# Seconds the last answer asked us to wait: Retry-After of its final header block (a 100
# Continue may come first), 30 when absent or an HTTP date, at most 900 so one answer cannot
# park the agent for more than 15 minutes (30 with the jitter).
retry_after() {
  awk '{ sub(/\r$/, ""); sub(/^[ \t]+/, "") }
    /^HTTP\// { v = "" }
    tolower(substr($0, 1, 12)) == "retry-after:" { v = substr($0, 13); gsub(/^[ \t]+|[ \t]+$/, "", v) }
    END {
      if (v !~ /^[0-9]+$/) { print 30; exit }
      sub(/^0+/, "", v)
      print (v == "" ? 0 : (length(v) > 3 || v + 0 > 900) ? 900 : v)
    }' "$HEADERS"
}

# Waits as the server asked, plus a random 0..Retry-After seconds more, to the millisecond: a fleet
# turned away in the same second must not come back in the same second (the server's Retry-After
# is often 1 or 2 s, so whole-second jitter would regroup it into two or three waves).
back_off() {
  _ms=$(retry_after)
  case $_ms in ''|*[!0-9]*) _ms=30 ;; esac
  _ms=$((_ms * 1000))
  _rand=$(od -An -N4 -tu4 /dev/urandom 2>/dev/null | tr -d ' \n')
  # Without od (it is in coreutils and BusyBox, so hardly ever), the clock and the PID have to do.
  case $_rand in ''|*[!0-9]*) _rand=$(awk -v pid=$$ 'BEGIN { srand(); print (int(rand() * 1000000) + pid) % 1000000 }') ;; esac
  _ms=$((_ms + _rand % (_ms + 1)))
  # FLEETPRINT_RETRY_SCALE multiplies the wait (0 = no wait). For tests only, so that they need not
  # sleep for real.
  _wait=$(awk -v ms="$_ms" -v s="${FLEETPRINT_RETRY_SCALE:-1}" 'BEGIN {
      if (s !~ /^[0-9]*\.?[0-9]+$/) s = 1
      t = ms * s / 1000; if (t > 0) printf "%.3f\n", t; else print 0 }')
  if [ -t 1 ]; then echo "$PROG: the server is busy (HTTP $STATUS); retry $RETRIES of $MAX_RETRIES in ${_wait}s"; fi
  # POSIX sleep takes whole seconds only: where fractions are refused, sleep the whole part.
  [ "$_wait" = 0 ] || sleep "$_wait" 2>/dev/null || sleep "${_wait%.*}" || die 1 "cannot wait: sleep $_wait failed"
}

# request URL BODY [HEADER...]: post, and post again while the server answers 503/429 ("later").
# The retries are counted over the whole run, so --max-retries bounds how long one run can last.
RETRIES=0
request() {
  while :; do
    post "$@" || cannot_send
    case $STATUS in 503|429) ;; *) return 0 ;; esac
    if [ "$RETRIES" -ge "$MAX_RETRIES" ]; then
      server_message
      die 5 "the server is busy (HTTP $STATUS${_code:+ $_code}) and retries were exhausted (--max-retries $MAX_RETRIES); the next scheduled run will try again: ${_msg:-no message}"
    fi
    RETRIES=$((RETRIES + 1))
    back_off
  done
}

# write_state NAME VALUE: replace $STATE_DIR/NAME whole (a crash leaves the old file or the new
# one, never half of one), readable by its owner only.
write_state() {
  if (umask 077 && printf '%s\n' "$2" > "$STATE_DIR/$1.$$") && chmod 600 "$STATE_DIR/$1.$$" \
    && mv -f "$STATE_DIR/$1.$$" "$STATE_DIR/$1"; then return 0; fi
  rm -f "$STATE_DIR/$1.$$"
  return 1
}

enroll() {
  R_SECRET=$SECRET R_HOST=$HOST R_MID=$MACHINE_ID awk 'BEGIN {
      for (i = 1; i < 32; i++) ctl[sprintf("%c", i)] = sprintf("\\u%04x", i)
      ctl["\""] = "\\\""; ctl["\\"] = "\\\\"
      printf "{\"secret\":%s,\"hostname\":%s,\"machineId\":%s}\n", js(ENVIRON["R_SECRET"]), js(ENVIRON["R_HOST"]), ENVIRON["R_MID"] == "" ? "null" : js(ENVIRON["R_MID"]) }
    function js(s,   out, i, c) { out = ""; for (i = 1; i <= length(s); i++) { c = substr(s, i, 1); out = out ((c in ctl) ? ctl[c] : c) }; return "\"" out "\"" }' > "$T/enroll.json"
  request "$SERVER/api/v1/enroll" "$T/enroll.json" "Content-Type: application/json"
  case $STATUS in 2??) ;; *) refused "the enrollment" ;; esac
  HOST_KEY=$(answer_field hostKey) || HOST_KEY=''
  case $HOST_KEY in ''|*[!A-Za-z0-9._~+/=-]*) die 4 "the server answered the enrollment without a usable hostKey" ;; esac
  if [ ! -d "$STATE_DIR" ]; then (umask 077 && mkdir -p "$STATE_DIR") || die 1 "cannot create $STATE_DIR"; fi
  write_state host-key "$HOST_KEY" || die 1 "cannot write $STATE_DIR/host-key"
  ENROLLED=1
}

# Shows the server the report's digests instead of the report. Exits 0 when the server answers "unchanged" (it
# accepted this report from this host before) or "accepted" (it knows this content from another host's report);
# returns when a full report must follow (the server asks for one, or predates the check-in).
check_in() {
  if [ -n "$MACHINE_ID" ]; then _mid="\"$MACHINE_ID\""; else _mid=null; fi
  if [ -n "$CONTENT" ]; then _content="\"$CONTENT\""; else _content=null; fi
  printf '{"digest":"%s","content":%s,"machineId":%s}\n' "$DIGEST" "$_content" "$_mid" > "$T/checkin.json"
  request "$SERVER/api/v1/checkin" "$T/checkin.json" "Authorization: Bearer $HOST_KEY" "Content-Type: application/json"
  case $STATUS in
    2??)
      # Anything else (report-needed, or a status this agent does not know) asks for the report.
      _answer=$(answer_field status) || _answer=''
      case $_answer in unchanged|accepted) ;; *) return 0 ;; esac
      write_state accepted-digest "$DIGEST" || warn "cannot write $STATE_DIR/accepted-digest; the next run sends the full report again"
      if [ -t 1 ]; then echo "$PROG: report $_answer (check-in)"; fi
      send_contents
      exit 0 ;;
    # A server from before the check-in has no such route: it still takes full reports.
    404|405) return 0 ;;
    # As for reports: a rebuilt host comes back with a fresh state dir or a revoked key. Enrolled again, it checks in
    # once more (its content may be known); a fresh key refused too is refused for good.
    401) if [ -n "$SECRET" ] && [ "$ENROLLED" = 0 ]; then enroll; check_in; return 0; fi; refused "the check-in" ;;
    *) refused "the check-in" ;;
  esac
}

# ---- config contents ----------------------------------------------------------------------
# The server's answer may list wantContent: sha256 of config files it has no content for. Only files a local user
# could read (mode o+r, every directory above o+x), regular, at most 64 KiB of UTF-8 text without NUL, not a shadow
# file or private key (by name, or "PRIVATE KEY" inside) are sent: anything else stays on the host. The server
# checks the same rules again (lib/core/config-content.ts, whose CONTENT_DENY_RE the case pattern below mirrors).
CONTENT_MAX=65536 BATCH_MAX=2097152 OKDIRS=''
content_ok() {
  case $1 in /etc/shadow*|/etc/gshadow*|*/private/*|*.key|*_key|*/id_rsa*|*/id_dsa*|*/id_ecdsa*|*/id_ed25519*|*/ssh_host_*) return 1 ;; esac
  [ -f "$2" ] && [ ! -L "$2" ] || return 1
  _size=$(wc -c < "$2" 2>/dev/null | tr -d ' ') || return 1
  case $_size in ''|*[!0-9]*) return 1 ;; esac
  [ "$_size" -le "$CONTENT_MAX" ] || return 1
  [ -n "$(find "$2" -prune -perm -0004 2>/dev/null)" ] || return 1
  _d=${2%/*}
  while [ -n "$_d" ] && [ "$_d" != "$ROOT" ]; do
    case "$NL$OKDIRS$NL" in
      *"$NL$_d$NL"*) ;;
      *) [ -n "$(find "$_d" -prune -perm -0001 2>/dev/null)" ] || return 1; OKDIRS="$OKDIRS$NL$_d" ;;
    esac
    _d=${_d%/*}
  done
  [ "$(tr -d '\000' < "$2" | wc -c | tr -d ' ')" = "$_size" ] || return 1
  ! grep -q 'PRIVATE KEY' "$2" 2>/dev/null || return 1
  # Valid UTF-8 (RFC 3629), checked on the lines that have a byte above 127 only.
  awk 'BEGIN { for (i = 1; i < 256; i++) ord[sprintf("%c", i)] = i; high = "[" sprintf("%c", 128) "-" sprintf("%c", 255) "]" }
    $0 ~ high {
      n = length($0)
      for (i = 1; i <= n; i++) {
        a = ord[substr($0, i, 1)]; if (a < 128) continue
        b = ord[substr($0, i + 1, 1)]; lo = 128; hi = 191
        if (a >= 194 && a <= 223) k = 2
        else if (a >= 224 && a <= 239) { k = 3; if (a == 224) lo = 160; if (a == 237) hi = 159 }
        else if (a >= 240 && a <= 244) { k = 4; if (a == 240) lo = 144; if (a == 244) hi = 143 }
        else { bad = 1; exit }
        if (b < lo || b > hi) { bad = 1; exit }
        for (j = 2; j < k; j++) { b = ord[substr($0, i + j, 1)]; if (b < 128 || b > 191) { bad = 1; exit } }
        i += k - 1
      }
    }
    END { exit bad }' "$2"
}
# Sends the batch in $T/contents.json; a refusal is a warning: the report itself went through.
flush_contents() {
  [ "$_batch" -gt 0 ] || return 0
  printf ']}\n' >> "$T/contents.json"
  if post "$SERVER/api/v1/contents" "$T/contents.json" "Authorization: Bearer $HOST_KEY" "Content-Type: application/json"; then
    case $STATUS in
      2??) _sent=$((_sent + _batch)) ;;
      *) server_message; warn "the server did not take $_batch config file contents (HTTP $STATUS${_code:+ $_code}): ${_msg:-no message}" ;;
    esac
  else warn "cannot send config file contents to $SERVER: $(head -n 1 "$T/client.err")"; fi
  _batch=0 _bytes=0
}
send_contents() {
  [ "$SEND_CONTENT" = 1 ] || return 0
  awk '{ s = s $0 } END {
      i = index(s, "\"wantContent\""); if (i == 0) exit
      s = substr(s, i + 13); j = index(s, "]"); if (j > 0) s = substr(s, 1, j)
      while (match(s, /"[0-9a-f]+"/)) { h = substr(s, RSTART + 1, RLENGTH - 2); if (length(h) == 64) print h; s = substr(s, RSTART + RLENGTH) }
    }' "$T/answer" > "$T/want"
  [ -s "$T/want" ] || return 0
  command -v base64 >/dev/null 2>&1 || { warn "base64 is not installed: config file contents not sent"; return 0; }
  # "hash TAB logical path TAB host path" of every wanted regular file (files whose names had to be escaped have
  # no host path here and are never sent).
  awk 'BEGIN { FS = "\t" } FILENAME == ARGV[1] { w[$1] = 1; next }
    FILENAME == ARGV[2] { if ($2 in w) h[$1] = $2; next }
    $1 == "f" && $3 != "" && ($2 in h) { print h[$2] "\t" $2 "\t" $3 }' "$T/want" "$T/sums" "$T/entries.sorted" > "$T/want.files"
  _batch=0 _bytes=0 _sent=0 _done=''
  while IFS=$TAB read -r _h _p _f; do
    case "$NL$_done$NL" in *"$NL$_h$NL"*) continue ;; esac
    content_ok "$_p" "$_f" || continue
    # The file may have changed since it was hashed: the server refuses a mismatch, so it waits for the next report.
    _now=$(sha256sum < "$_f" | awk '{ print $1 }')
    [ "$_now" = "$_h" ] || continue
    _done="$_done$NL$_h"
    [ $((_bytes + _size)) -le "$BATCH_MAX" ] || flush_contents
    if [ "$_batch" = 0 ]; then printf '{"contents":[' > "$T/contents.json"; else printf ',' >> "$T/contents.json"; fi
    { printf '{"sha256":"%s","base64":"' "$_h"; base64 < "$_f" | tr -d '\n'; printf '"}'; } >> "$T/contents.json"
    _batch=$((_batch + 1)) _bytes=$((_bytes + _size))
  done < "$T/want.files"
  flush_contents
  if [ -t 1 ] && [ "$_sent" -gt 0 ]; then echo "$PROG: sent $_sent config file contents the server asked for"; fi
  return 0
}

# --image --server: the report goes to the image upload, with an API token; no host key, no check-in.
if [ -n "$IMAGE_ARG" ]; then
  _query=$(R_FLEET=$FLEET R_TAG=$IMG_TAG R_PUB=$PUBLISH awk 'BEGIN {
      for (i = 0; i < 256; i++) hex[sprintf("%c", i)] = sprintf("%%%02X", i)
      q = "fleet=" enc(ENVIRON["R_FLEET"]); if (ENVIRON["R_PUB"] == 1) q = q "&publish=1"; if (ENVIRON["R_TAG"] != "") q = q "&tag=" enc(ENVIRON["R_TAG"]); print q }
    function enc(s,   out, i, c) { out = ""; for (i = 1; i <= length(s); i++) { c = substr(s, i, 1); out = out (c ~ /[A-Za-z0-9._~-]/ ? c : hex[c]) }; return out }')
  request "$SERVER/api/v1/images?$_query" "$T/report.json" "Authorization: Bearer $FLEETPRINT_TOKEN" "Content-Type: application/json"
  case $STATUS in 2??) ;; *) refused "the image" ;; esac
  cat "$T/answer"; [ -z "$(tail -c 1 "$T/answer")" ] || echo
  exit 0
fi

ENROLLED=0 HOST_KEY=''
if [ -s "$STATE_DIR/host-key" ]; then
  HOST_KEY=$(first_line "$STATE_DIR/host-key") || die 1 "cannot read $STATE_DIR/host-key (run as the user that enrolled)"
fi
case $HOST_KEY in *[!A-Za-z0-9._~+/=-]*) die 1 "$STATE_DIR/host-key is damaged: remove it and enroll again" ;; esac
[ -n "$HOST_KEY" ] || enroll

ACCEPTED=''
if [ -f "$STATE_DIR/accepted-digest" ]; then ACCEPTED=$(head -n 1 "$STATE_DIR/accepted-digest" 2>/dev/null) || ACCEPTED=''; fi
# Always worth asking: an unchanged report is answered from its digest, and new content another host already sent
# (the herd after a deploy: identical hosts) from its content digest. Only new content is sent in full.
if [ "$CHECKIN" = 1 ]; then check_in; fi
# The stored digest must never name content the server has not accepted: drop it before sending
# other content, so a run that dies half-way makes the next one send its report in full.
if [ -f "$STATE_DIR/accepted-digest" ] && [ "$ACCEPTED" != "$DIGEST" ]; then
  rm -f "$STATE_DIR/accepted-digest" || die 1 "cannot remove $STATE_DIR/accepted-digest"
fi

BODY=$T/report.json ENCODING=''
if [ "$CLIENT" != busybox-wget ] && command -v gzip >/dev/null 2>&1 && gzip -c < "$T/report.json" > "$T/report.json.gz"; then
  BODY=$T/report.json.gz ENCODING='Content-Encoding: gzip'
fi
while :; do
  request "$SERVER/api/v1/fingerprints" "$BODY" "Authorization: Bearer $HOST_KEY" "Content-Type: application/json" \
    "X-Fleetprint-Digest: $DIGEST" ${CONTENT:+"X-Fleetprint-Content-Digest: $CONTENT"} ${ENCODING:+"$ENCODING"}
  case $STATUS in
    2??) break ;;
    # A rebuilt host comes back with a fresh state dir or a revoked key: enroll once more.
    401) if [ -n "$SECRET" ] && [ "$ENROLLED" = 0 ]; then enroll; continue; fi; refused "the report" ;;
    *) refused "the report" ;;
  esac
done
# Losing the digest only costs a full report next time: say so, but the report did go through.
write_state accepted-digest "$DIGEST" || warn "cannot write $STATE_DIR/accepted-digest; the next run sends the full report again"
if [ -t 1 ]; then echo "$PROG: report sent to $SERVER (HTTP $STATUS)"; fi
send_contents
exit 0
