// oh-env-lab test ingress controller: a TEST component of the oh-env lab, not part of the product. No upstream
// Ingress controller builds from the registries the lab can reach (see docs/lab.md), so the lab's kind node
// image carries this stand-in for ingress-nginx, which the product's kind target installs for real users.
//
// It serves networking.k8s.io/v1 Ingresses of its class (or of no class): Host + Exact/Prefix paths reverse-
// proxied to the backend Service's ClusterIP:port, TLS from the Ingress's Secrets with HTTP redirected to
// HTTPS for those hosts (ingress-nginx's default), 404 for anything else. It is Ready (/healthz) only once its
// informers have synced, and it publishes its node's address in each served Ingress's status, so a client
// waits for it the way it waits for ingress-nginx.
package main

import (
	"context"
	"crypto/tls"
	"flag"
	"fmt"
	"log"
	"net/http"
	"net/http/httputil"
	"os"
	"os/signal"
	"sync/atomic"
	"syscall"
	"time"

	corev1 "k8s.io/api/core/v1"
	netv1 "k8s.io/api/networking/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/client-go/informers"
	"k8s.io/client-go/kubernetes"
	listerscorev1 "k8s.io/client-go/listers/core/v1"
	"k8s.io/client-go/rest"
	"k8s.io/client-go/tools/cache"
)

// version is stamped by the lab's build (-X main.version=<hash of this directory>), so the lab can tell a
// stale binary from a current one.
var version = "dev"

var statusUpdate = metav1.UpdateOptions{FieldManager: "test-ingress-controller"}

type listers struct {
	services listerscorev1.ServiceLister
	secrets  listerscorev1.SecretLister
}

func (l listers) service(ns, name string) (*corev1.Service, bool) {
	s, err := l.services.Services(ns).Get(name)
	return s, err == nil
}

func (l listers) secret(ns, name string) (*corev1.Secret, bool) {
	s, err := l.secrets.Secrets(ns).Get(name)
	return s, err == nil
}

func main() {
	class := flag.String("ingress-class", "nginx", "IngressClass name served (Ingresses without a class are served too)")
	httpAddr := flag.String("http", ":8080", "HTTP listen address (the pod's hostPort 80 maps to it)")
	httpsAddr := flag.String("https", ":8443", "HTTPS listen address (the pod's hostPort 443 maps to it)")
	healthAddr := flag.String("health", ":10254", "readiness address (/healthz)")
	publish := flag.String("publish-address", os.Getenv("HOST_IP"), "address written to the served Ingresses' status")
	showVersion := flag.Bool("version", false, "print the version and exit")
	flag.Parse()
	if *showVersion {
		fmt.Println("test-ingress-controller", version)
		return
	}

	cfg, err := rest.InClusterConfig()
	if err != nil {
		log.Fatalf("in-cluster config: %v", err)
	}
	client := kubernetes.NewForConfigOrDie(cfg)
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, syscall.SIGINT)
	defer stop()

	factory := informers.NewSharedInformerFactory(client, 10*time.Minute)
	ingInf := factory.Networking().V1().Ingresses()
	svcInf := factory.Core().V1().Services()
	secInf := factory.Core().V1().Secrets()
	l := listers{services: svcInf.Lister(), secrets: secInf.Lister()}

	var current atomic.Pointer[table]
	current.Store(&table{certs: map[string]*tls.Certificate{}})
	var synced atomic.Bool
	changed := make(chan struct{}, 1)
	poke := func() {
		select {
		case changed <- struct{}{}:
		default:
		}
	}
	handler := cache.ResourceEventHandlerFuncs{
		AddFunc:    func(any) { poke() },
		UpdateFunc: func(any, any) { poke() },
		DeleteFunc: func(any) { poke() },
	}
	for _, inf := range []cache.SharedIndexInformer{ingInf.Informer(), svcInf.Informer(), secInf.Informer()} {
		if _, err := inf.AddEventHandler(handler); err != nil {
			log.Fatalf("event handler: %v", err)
		}
	}

	go serveHealth(*healthAddr, &synced)
	go serveHTTP(*httpAddr, &current)
	go serveHTTPS(*httpsAddr, &current)

	factory.Start(ctx.Done())
	for typ, ok := range factory.WaitForCacheSync(ctx.Done()) {
		if !ok {
			log.Fatalf("cache of %v did not sync", typ)
		}
	}

	// One goroutine rebuilds the table and the statuses, coalescing bursts of events into one pass.
	rebuild := func() {
		all, err := ingInf.Lister().List(labels.Everything())
		if err != nil {
			log.Printf("list ingresses: %v", err)
			return
		}
		served := servedIngresses(all, *class)
		t, problems := buildTable(served, l)
		for _, p := range problems {
			log.Print(p)
		}
		current.Store(t)
		publishStatus(ctx, client, served, *publish)
	}
	rebuild()
	synced.Store(true)
	log.Printf("test-ingress-controller %s: synced, serving class %q, publishing %q", version, *class, *publish)
	for {
		select {
		case <-ctx.Done():
			return
		case <-changed:
			rebuild()
		}
	}
}

// servedIngresses: those of our class, or without one (this is the only controller of the lab's clusters).
func servedIngresses(all []*netv1.Ingress, class string) []*netv1.Ingress {
	var out []*netv1.Ingress
	for _, ing := range all {
		c := ing.Spec.IngressClassName
		if c == nil {
			if a, ok := ing.Annotations["kubernetes.io/ingress.class"]; ok {
				c = &a
			}
		}
		if c == nil || *c == class {
			out = append(out, ing)
		}
	}
	return out
}

func publishStatus(ctx context.Context, client kubernetes.Interface, served []*netv1.Ingress, address string) {
	if address == "" {
		return
	}
	want := []netv1.IngressLoadBalancerIngress{{IP: address}}
	for _, ing := range served {
		have := ing.Status.LoadBalancer.Ingress
		if len(have) == 1 && have[0].IP == address && have[0].Hostname == "" {
			continue
		}
		next := ing.DeepCopy()
		next.Status.LoadBalancer.Ingress = want
		_, err := client.NetworkingV1().Ingresses(ing.Namespace).UpdateStatus(ctx, next, statusUpdate)
		if err != nil {
			// A conflict means a newer version is on its way through the informer: the next pass retries.
			log.Printf("status of %s/%s: %v", ing.Namespace, ing.Name, err)
		}
	}
}

func serveHealth(addr string, synced *atomic.Bool) {
	mux := http.NewServeMux()
	mux.HandleFunc("/healthz", func(w http.ResponseWriter, _ *http.Request) {
		if !synced.Load() {
			http.Error(w, "not synced", http.StatusServiceUnavailable)
			return
		}
		fmt.Fprintln(w, "ok")
	})
	log.Fatal(http.ListenAndServe(addr, mux))
}

func proxy(current *atomic.Pointer[table], secure bool) http.Handler {
	rp := &httputil.ReverseProxy{
		Rewrite: func(pr *httputil.ProxyRequest) {
			r, _ := current.Load().match(pr.In.Host, pr.In.URL.Path)
			pr.SetURL(r.target)
			pr.Out.Host = pr.In.Host // the app sees the host the client asked for, as behind ingress-nginx
			pr.SetXForwarded()
		},
		ErrorHandler: func(w http.ResponseWriter, _ *http.Request, err error) {
			http.Error(w, "bad gateway: "+err.Error(), http.StatusBadGateway)
		},
	}
	return http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		r, ok := current.Load().match(req.Host, req.URL.Path)
		switch {
		case !ok:
			http.NotFound(w, req)
		case r.tls && !secure:
			http.Redirect(w, req, "https://"+req.Host+req.URL.RequestURI(), http.StatusPermanentRedirect)
		case r.target == nil:
			http.Error(w, "service unavailable: the backend service or port does not exist", http.StatusServiceUnavailable)
		default:
			rp.ServeHTTP(w, req)
		}
	})
}

func serveHTTP(addr string, current *atomic.Pointer[table]) {
	log.Fatal(http.ListenAndServe(addr, proxy(current, false)))
}

func serveHTTPS(addr string, current *atomic.Pointer[table]) {
	fallback, err := selfSigned()
	if err != nil {
		log.Fatalf("fallback certificate: %v", err)
	}
	srv := &http.Server{
		Addr:    addr,
		Handler: proxy(current, true),
		TLSConfig: &tls.Config{GetCertificate: func(hello *tls.ClientHelloInfo) (*tls.Certificate, error) {
			if c, ok := current.Load().certs[hello.ServerName]; ok {
				return c, nil
			}
			return fallback, nil // like ingress-nginx's "fake certificate" for an unknown name
		}},
	}
	log.Fatal(srv.ListenAndServeTLS("", ""))
}
