package main

import (
	"crypto/tls"
	"fmt"
	"net"
	"net/url"
	"sort"
	"strings"

	corev1 "k8s.io/api/core/v1"
	netv1 "k8s.io/api/networking/v1"
)

// route is one Ingress path resolved to its backend Service's ClusterIP:port.
type route struct {
	host   string // "" matches every host (a rule without host)
	path   string
	exact  bool
	target *url.URL
	// tls: the host is listed in the Ingress's tls section, so plain HTTP is redirected (ingress-nginx's
	// default ssl-redirect), which keeps the product's kind code honest about the scheme it uses.
	tls bool
}

// table is an immutable snapshot of every route and certificate; the servers swap in a new one on each change.
type table struct {
	routes []route                     // exact first, then longer paths first, then host rules before catch-alls
	certs  map[string]*tls.Certificate // by host
}

// lookups the informers' listers answer; an interface so the table builds from plain slices too.
type lookups interface {
	service(namespace, name string) (*corev1.Service, bool)
	secret(namespace, name string) (*corev1.Secret, bool)
}

// buildTable resolves the served Ingresses. A backend whose Service (or port) is missing is left out, so its
// requests get 503 like ingress-nginx's, not a stale address.
func buildTable(ingresses []*netv1.Ingress, l lookups) (*table, []string) {
	t := &table{certs: map[string]*tls.Certificate{}}
	var problems []string
	for _, ing := range ingresses {
		tlsHosts := map[string]bool{}
		for _, tl := range ing.Spec.TLS {
			for _, h := range tl.Hosts {
				tlsHosts[h] = true
			}
			if tl.SecretName == "" {
				continue
			}
			cert, err := loadCert(l, ing.Namespace, tl.SecretName)
			if err != nil {
				problems = append(problems, fmt.Sprintf("%s/%s: tls secret %s: %v", ing.Namespace, ing.Name, tl.SecretName, err))
				continue
			}
			for _, h := range tl.Hosts {
				t.certs[h] = cert
			}
		}
		for _, rule := range ing.Spec.Rules {
			if rule.HTTP == nil {
				continue
			}
			for _, p := range rule.HTTP.Paths {
				if p.Backend.Service == nil {
					problems = append(problems, fmt.Sprintf("%s/%s: path %s has no service backend", ing.Namespace, ing.Name, p.Path))
					continue
				}
				target, err := serviceURL(l, ing.Namespace, p.Backend.Service)
				if err != nil {
					problems = append(problems, fmt.Sprintf("%s/%s: path %s: %v", ing.Namespace, ing.Name, p.Path, err))
					target = nil
				}
				path := p.Path
				if path == "" {
					path = "/"
				}
				exact := p.PathType != nil && *p.PathType == netv1.PathTypeExact
				t.routes = append(t.routes, route{host: rule.Host, path: path, exact: exact, target: target, tls: tlsHosts[rule.Host]})
			}
		}
	}
	sort.SliceStable(t.routes, func(i, j int) bool {
		a, b := t.routes[i], t.routes[j]
		if a.exact != b.exact {
			return a.exact
		}
		if len(a.path) != len(b.path) {
			return len(a.path) > len(b.path)
		}
		return a.host != "" && b.host == ""
	})
	return t, problems
}

func serviceURL(l lookups, namespace string, b *netv1.IngressServiceBackend) (*url.URL, error) {
	svc, ok := l.service(namespace, b.Name)
	if !ok {
		return nil, fmt.Errorf("service %s not found", b.Name)
	}
	if svc.Spec.ClusterIP == "" || svc.Spec.ClusterIP == corev1.ClusterIPNone {
		return nil, fmt.Errorf("service %s has no ClusterIP", b.Name)
	}
	for _, sp := range svc.Spec.Ports {
		if (b.Port.Name != "" && sp.Name == b.Port.Name) || (b.Port.Name == "" && sp.Port == b.Port.Number) {
			// The ClusterIP, not the endpoints: kube-proxy balances over the Ready pods.
			return &url.URL{Scheme: "http", Host: net.JoinHostPort(svc.Spec.ClusterIP, fmt.Sprint(sp.Port))}, nil
		}
	}
	return nil, fmt.Errorf("service %s has no port %s", b.Name, portName(b.Port))
}

func portName(p netv1.ServiceBackendPort) string {
	if p.Name != "" {
		return p.Name
	}
	return fmt.Sprint(p.Number)
}

func loadCert(l lookups, namespace, name string) (*tls.Certificate, error) {
	s, ok := l.secret(namespace, name)
	if !ok {
		return nil, fmt.Errorf("not found")
	}
	cert, err := tls.X509KeyPair(s.Data[corev1.TLSCertKey], s.Data[corev1.TLSPrivateKeyKey])
	if err != nil {
		return nil, err
	}
	return &cert, nil
}

// match finds the route of a request: Exact paths first, then the longest Prefix (matched by path element,
// as Ingress v1 defines it: /foo matches /foo and /foo/bar, not /foobar).
func (t *table) match(hostport, path string) (route, bool) {
	host := hostport
	if h, _, err := net.SplitHostPort(hostport); err == nil {
		host = h
	}
	for _, r := range t.routes {
		if r.host != "" && !strings.EqualFold(r.host, host) {
			continue
		}
		if r.exact {
			if path == r.path {
				return r, true
			}
			continue
		}
		prefix := strings.TrimSuffix(r.path, "/")
		if prefix == "" || path == prefix || strings.HasPrefix(path, prefix+"/") {
			return r, true
		}
	}
	return route{}, false
}
