/* Loads each argument with dlopen(RTLD_NOW | RTLD_GLOBAL), in order: every
 * symbol of a library must bind now, to this libc or to a library loaded
 * before it. check_dist.py builds it with zig for musl and runs it under
 * Debian's musl loader, natively or under qemu-user. */
#include <dlfcn.h>
#include <stdio.h>
int main(int argc, char **argv) {
  for (int i = 1; i < argc; i++) {
    void *h = dlopen(argv[i], RTLD_NOW | RTLD_GLOBAL);
    if (!h) { fprintf(stderr, "dlopen %s: %s\n", argv[i], dlerror()); return 1; }
    printf("loaded %s\n", argv[i]);
  }
  return 0;
}
