# Sourced by run-vs-torch.sh: makes PyTorch's matrix products run the way a strong user's would, and says how.
# Expects $python, $out, $threads; sets blas_env (an env(1) argument list for the torch processes) and blas_note.
#
# Debian's python3-torch calls the system BLAS. Two things there would handicap PyTorch rather than measure it:
#  - Debian's default OpenBLAS is the single-threaded build (openblas-serial): torch.set_num_threads(2) then
#    parallelises the elementwise kernels but not one matrix product. With TORCH_BLAS=auto (default) and that
#    build in use, the OpenMP build of the same OpenBLAS version is fetched with `apt-get download` into
#    $out/blas (never installed: nothing on the machine changes) and put first on LD_LIBRARY_PATH; it follows
#    torch's OpenMP thread count. TORCH_BLAS=system keeps the system BLAS as it is.
#  - OpenBLAS picks its kernels by CPU model; one it does not know (0.3.21 on recent Xeons) falls back to the
#    generic Prescott kernels (SSE3, ~8x slower here). Then OPENBLAS_CORETYPE is set to the best kernel set the
#    CPU flags allow (SkylakeX with AVX-512, Haswell with AVX2) unless the caller set it.
probe() { env "$@" "$python" "$here/torch_blas_probe.py" --threads "$threads"; }
field() { "$python" -c 'import json,sys; r=json.loads(sys.argv[1]); print(eval(sys.argv[2], {}, {"r": r}))' "$1" "$2"; }

blas_env=()
blas_notes=()
report=$(probe)
if [ "${TORCH_BLAS:-auto}" = auto ] && [[ $(field "$report" '" ".join(r["libraries"])') == *openblas-serial* ]]; then
  ver=$(field "$report" 'r["openblas"]["config"].split()[1]')
  dir=$(ls -d "$out"/blas/usr/lib/*/openblas-openmp 2>/dev/null | head -n1 || true)
  if [ -z "$dir" ]; then
    mkdir -p "$out/blas"
    pkgver=$(apt-cache policy libopenblas0-openmp 2>/dev/null | sed -n 's/^ *Candidate: *//p')
    if [[ $pkgver == "$ver"* ]] && (cd "$out/blas" && apt-get download "libopenblas0-openmp=$pkgver" > apt.log 2>&1 \
        && dpkg-deb -x libopenblas0-openmp_*.deb .); then
      dir=$(ls -d "$out"/blas/usr/lib/*/openblas-openmp | head -n1)
    else
      blas_notes+=("could not fetch the OpenMP OpenBLAS $ver (apt-get download libopenblas0-openmp; see $out/blas/apt.log): matrix products run on ONE thread")
    fi
  fi
  if [ -n "$dir" ]; then
    blas_env+=("LD_LIBRARY_PATH=$dir${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}")
    blas_notes+=("Debian's OpenMP build of OpenBLAS $ver from $out/blas instead of the system's single-threaded one")
  fi
fi
report=$(probe "${blas_env[@]}")
if [ -n "$(field "$report" 'r["openblas"] or ""')" ] && [ -z "${OPENBLAS_CORETYPE:-}" ]; then
  core=$(field "$report" 'r["openblas"]["core"]')
  flags=$(grep -m1 '^flags' /proc/cpuinfo)
  best=""
  if [[ $flags == *avx512f* && $flags == *avx512bw* && $flags == *avx512vl* ]]; then best=SkylakeX
  elif [[ $flags == *avx2* && $flags == *fma* ]]; then best=Haswell; fi
  case $core in
    Prescott|Core2|Katmai|Penryn|Dunnington|Nehalem|Atom|Sandybridge)
      if [ -n "$best" ]; then
        blas_env+=("OPENBLAS_CORETYPE=$best")
        blas_notes+=("OPENBLAS_CORETYPE=$best (OpenBLAS took this CPU for $core)")
        report=$(probe "${blas_env[@]}")
      fi ;;
  esac
fi
blas_note="$(field "$report" '(r["openblas"] or {}).get("config") or " ".join(r["libraries"])'), core $(field "$report" '(r["openblas"] or {}).get("core", "-")'), sgemm 512x768x3072 $(field "$report" 'r["sgemm_gflops"]') GFLOP/s with $threads threads"
for n in "${blas_notes[@]}"; do blas_note+="; $n"; done
