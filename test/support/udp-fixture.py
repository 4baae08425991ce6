# A UDP server for the client's tests, written the way the lab's seeds write servers:
#   python3 udp-fixture.py drop-every-other   echoes datagrams 1, 3, 5…, drops 2, 4, 6…
#   python3 udp-fixture.py twice              answers each datagram with two copies of it
# Binds 127.0.0.1 on a free port and prints "port N" once ready.
import socket, sys

behaviour = sys.argv[1]
serveur = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
serveur.bind(("127.0.0.1", 0))
print("port", serveur.getsockname()[1], flush=True)
count = 0
while True:
    message, adresse = serveur.recvfrom(65535)
    count += 1
    if behaviour == "drop-every-other":
        if count % 2 == 1:
            serveur.sendto(message, adresse)
    elif behaviour == "twice":
        serveur.sendto(message, adresse)
        serveur.sendto(message, adresse)
