"""Run a command under a pseudo-terminal, typing each argument after the first as a line
(^D sends end of input), and print what the terminal showed. Used by gen.py."""
import os, pty, sys, time, select
lines = sys.argv[2:]
pid, fd = pty.fork()
if pid == 0:
    os.execvp("sh", ["sh", "-c", sys.argv[1]])
out = b""
def drain(t=0.6):
    global out
    end = time.time() + t
    while time.time() < end:
        r, _, _ = select.select([fd], [], [], 0.05)
        if r:
            try:
                d = os.read(fd, 65536)
            except OSError:
                return
            if not d: return
            out += d
drain(1.0)
for l in lines:
    if l == "^D":
        os.write(fd, b"\x04")
    else:
        os.write(fd, l.encode() + b"\r")
    drain(0.8)
drain(0.5)
try: os.waitpid(pid, 0)
except: pass
sys.stdout.write(out.decode("utf-8", "replace").replace("\r\n", "\n").replace("\r", ""))
